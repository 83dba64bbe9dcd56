"""Claims 1, 8 and Example 19.1 in Python, the lecture's way: urllib.request for each
fetch, concurrent.futures.ThreadPoolExecutor with submit/as_completed or map for the pool.

Run by `cargo xtask claims` against the offline httpbin stand-in on 127.0.0.1; prints one
JSON object on stdout. All times are in seconds.

    fetch.py batch --base URL --n 100 --delay 0.1 --workers 0,10 [--repeats 3] [--stagger 0.0001]
    fetch.py first-result --base URL --delays 0.5,0.05,0.05,0.05,0.05
    fetch.py lecture --base URL
"""

import argparse
import concurrent.futures
import json
import threading
import time
import urllib.request

# The stand-in is on loopback: an http_proxy from the environment must not reroute it.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch_page(url):
    """The lecture's fetchPage: open, read, time."""
    start = time.perf_counter()
    with OPENER.open(url, timeout=30) as response:
        content = response.read()
    elapsed = time.perf_counter() - start
    return url, len(content), elapsed


class InFlight:
    """Counts requests waiting for an answer and remembers the most at once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0

    def fetch(self, url):
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        try:
            return fetch_page(url)
        finally:
            with self.lock:
                self.now -= 1


def batch(urls, workers, stagger):
    """One batch: one by one for workers == 0, else through a pool, timed as the
    lecture times it (pool creation and shutdown included), `stagger` seconds between
    submissions."""
    in_flight = InFlight()
    start = time.perf_counter()
    if workers == 0:
        results = [in_flight.fetch(url) for url in urls]
    else:
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as executor:
            futures = []
            for url in urls:
                futures.append(executor.submit(in_flight.fetch, url))
                if stagger:
                    time.sleep(stagger)
            results = [future.result() for future in concurrent.futures.as_completed(futures)]
    wall = time.perf_counter() - start
    return {
        "workers": workers,
        "wall": wall,
        "per_request": [elapsed for _, _, elapsed in results],
        "peak_in_flight": in_flight.peak,
    }


def first_result(base, delays):
    """Seconds to the first and the last result, through as_completed and through map."""
    urls = [f"{base}/delay/{d}" for d in delays]
    out = {}
    for how in ("as_completed", "map"):
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(urls)) as executor:
            start = time.perf_counter()
            if how == "as_completed":
                futures = [executor.submit(fetch_page, url) for url in urls]
                results = (f.result() for f in concurrent.futures.as_completed(futures))
            else:
                results = executor.map(fetch_page, urls)
            first = None
            for _ in results:
                if first is None:
                    first = time.perf_counter() - start
            out[how] = {"first": first, "total": time.perf_counter() - start}
    return out


def lecture(base):
    """Example 19.1's five URLs, on a pool of five and one by one: (url, start, end)."""
    paths = ["/delay/0", "/uuid", "/ip", "/headers", "/get"]
    urls = [base + path for path in paths]

    def spans(pooled):
        start = time.perf_counter()

        def span(url):
            begun = time.perf_counter() - start
            fetch_page(url)
            # Labelled like the lecture's URLs, whatever address the stand-in has.
            return ["httpbin.org" + url[len(base):], begun, time.perf_counter() - start]

        if not pooled:
            return [span(url) for url in urls]
        with concurrent.futures.ThreadPoolExecutor(max_workers=5) as executor:
            return list(executor.map(span, urls))

    return {"pool": spans(True), "sequential": spans(False)}


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("batch")
    b.add_argument("--base", required=True)
    b.add_argument("--n", type=int, required=True)
    b.add_argument("--delay", required=True)
    b.add_argument("--workers", required=True, help="comma-separated; 0 is one by one")
    b.add_argument("--repeats", type=int, default=1)
    b.add_argument("--stagger", type=float, default=0.0, help="seconds between submissions")
    f = commands.add_parser("first-result")
    f.add_argument("--base", required=True)
    f.add_argument("--delays", required=True)
    lec = commands.add_parser("lecture")
    lec.add_argument("--base", required=True)
    args = parser.parse_args()

    if args.command == "batch":
        urls = [f"{args.base}/delay/{args.delay}"] * args.n
        runs = [
            batch(urls, int(w), args.stagger)
            for w in args.workers.split(",")
            for _ in range(args.repeats)
        ]
        print(json.dumps({"runs": runs}))
    elif args.command == "first-result":
        print(json.dumps(first_result(args.base, args.delays.split(","))))
    else:
        print(json.dumps(lecture(args.base)))


if __name__ == "__main__":
    main()
