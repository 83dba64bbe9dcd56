"""Claims 5 and 6 in Python: Example 19.2's UnsafeCounter and SafeCounter, run many times,
and what threading.Lock costs per increment with 1, 2 and 4 threads.

Run by `cargo xtask claims` (also under `taskset -c 0` for one core); prints one JSON
object on stdout.

    race.py --runs 100 [--increments 50000]
"""

import argparse
import json
import threading
import time

THREAD_COUNT = 100


class UnsafeCounter:
    """The lecture's UnsafeCounter, with its sleep(0) optional."""

    def __init__(self, sleeps):
        self.count = 0
        self.sleeps = sleeps

    def increment(self):
        currentValue = self.count
        if self.sleeps:
            time.sleep(0)
        self.count = currentValue + 1


class SafeCounter:
    def __init__(self):
        self.count = 0
        self._lock = threading.Lock()

    def increment(self):
        with self._lock:
            self.count += 1


def final_count(counter):
    threads = [threading.Thread(target=counter.increment) for _ in range(THREAD_COUNT)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter.count


def lock_cost(threads, increments):
    """Nanoseconds per increment: wall time over all increments of all threads, from the
    first thread's start to the last one's end (each thread keeps its own clock, since
    the main thread may not run again until the others are done)."""
    counter = SafeCounter()
    start_line = threading.Barrier(threads)
    spans = []

    def work():
        start_line.wait()
        start = time.perf_counter()
        for _ in range(increments):
            counter.increment()
        spans.append((start, time.perf_counter()))

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    first = min(start for start, _ in spans)
    last = max(end for _, end in spans)
    return (last - first) * 1e9 / (threads * increments)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--increments", type=int)
    args = parser.parse_args()
    result = {
        "unsafe_sleep0": [final_count(UnsafeCounter(True)) for _ in range(args.runs)],
        "unsafe_plain": [final_count(UnsafeCounter(False)) for _ in range(args.runs)],
    }
    if args.increments:
        result["safe"] = [final_count(SafeCounter()) for _ in range(args.runs)]
        result["lock"] = [
            {"threads": n, "ns_per_increment": sorted(lock_cost(n, args.increments) for _ in range(3))[1]}
            for n in (1, 2, 4)
        ]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
