"""Claims 2, 3, 4 and goal G3 in Python: what a threading.Thread costs to start, what
idle threads cost in memory, the default ThreadPoolExecutor size, and what the pool adds
per task.

Run by `cargo xtask claims`; prints one JSON object on stdout. Times are in seconds,
memory in KiB (read from /proc/self/status, so Linux only).

    threads.py --spawns 2000 --idle 1000 --pool-tasks 5000
"""

import argparse
import concurrent.futures
import json
import os
import resource
import threading
import time


def nothing():
    pass


def spawn_times(count):
    """start() alone, and start() + join(), for `count` empty threads, one at a time.
    Python's start() returns only once the new thread is running."""
    start_only, start_join = [], []
    for _ in range(count):
        t0 = time.perf_counter()
        thread = threading.Thread(target=nothing)
        thread.start()
        t1 = time.perf_counter()
        thread.join()
        t2 = time.perf_counter()
        start_only.append(t1 - t0)
        start_join.append(t2 - t0)
    return {"start": start_only, "start_join": start_join}


def status_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def idle_memory(count):
    """Resident and virtual memory before and while `count` threads wait on an Event."""
    rss_before, virtual_before = status_kib("VmRSS"), status_kib("VmSize")
    release = threading.Event()
    started = threading.Barrier(count + 1)

    def idle():
        started.wait()
        release.wait()

    threads = [threading.Thread(target=idle) for _ in range(count)]
    for t in threads:
        t.start()
    started.wait()
    time.sleep(0.05)
    during = {"rss_during_kib": status_kib("VmRSS"), "virtual_during_kib": status_kib("VmSize")}
    release.set()
    for t in threads:
        t.join()
    soft, _ = resource.getrlimit(resource.RLIMIT_STACK)
    return {
        "count": count,
        # 0 means "the platform's default", which for glibc is the stack rlimit (ulimit -s).
        "stack_size_setting": threading.stack_size(),
        "rlimit_stack_kib": soft / 1024 if soft != resource.RLIM_INFINITY else -1,
        "rss_before_kib": rss_before,
        "virtual_before_kib": virtual_before,
        **during,
    }


def pool(count):
    """The default pool size, and submit(f).result() for an empty task on a warm pool."""
    with concurrent.futures.ThreadPoolExecutor() as executor:
        default = executor._max_workers
        for _ in range(200):
            executor.submit(nothing).result()
        round_trips = []
        for _ in range(count):
            t0 = time.perf_counter()
            executor.submit(nothing).result()
            round_trips.append(time.perf_counter() - t0)
    return {"cpu_count": os.cpu_count(), "default_max_workers": default, "round_trips": round_trips}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spawns", type=int, required=True)
    parser.add_argument("--idle", type=int, required=True)
    parser.add_argument("--pool-tasks", type=int, required=True)
    args = parser.parse_args()
    result = {"spawn": spawn_times(args.spawns), "pool": pool(args.pool_tasks)}
    try:
        result["idle"] = idle_memory(args.idle)
    except OSError as error:
        result["idle_error"] = str(error)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
