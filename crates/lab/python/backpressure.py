"""Claim 7 in Python: a fast producer and a slow consumer on queue.Queue(maxsize=10), as
in Example 19.3. Measures the deepest the queue got and how long each put() took.

Run by `cargo xtask claims`; prints one JSON object on stdout. Times are in seconds.

    backpressure.py --items 50 --maxsize 10 --work 0.005
"""

import argparse
import json
import queue
import threading
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--maxsize", type=int, required=True)
    parser.add_argument("--work", type=float, required=True)
    args = parser.parse_args()

    task_queue = queue.Queue(maxsize=args.maxsize)
    put_seconds, delivered, depths = [], [], [0]
    producer_total = [0.0]

    def producer():
        start = time.perf_counter()
        for item_id in range(args.items):
            t0 = time.perf_counter()
            task_queue.put(item_id)
            put_seconds.append(time.perf_counter() - t0)
            depths.append(task_queue.qsize())
        task_queue.put(None)
        producer_total[0] = time.perf_counter() - start

    def consumer():
        while True:
            depths.append(task_queue.qsize())
            task = task_queue.get()
            if task is None:
                break
            time.sleep(args.work)
            delivered.append(task)
            task_queue.task_done()

    threads = [threading.Thread(target=producer), threading.Thread(target=consumer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({
        "max_depth": max(depths),
        "put_seconds": put_seconds,
        "producer_total": producer_total[0],
        "delivered": delivered,
    }))


if __name__ == "__main__":
    main()
