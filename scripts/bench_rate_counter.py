"""Cost of the spam layers' rate counter (website.antispam.count_request) on this database.

Run on a throwaway PostgreSQL: `scripts/with-postgres .venv/bin/python scripts/bench_rate_counter.py`.
Prints the median and 99th percentile per call for a client seen before (one UPDATE) and a new client
(UPDATE, then INSERT), and the time 8 threads take to count 800 requests from one client (row lock).
"""

import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from website.antispam import count_request  # noqa: E402
from website.models import RateCounter  # noqa: E402


def timed(calls):
    times = []
    for call in calls:
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def main():
    call_command("migrate", "website", verbosity=0)
    RateCounter.objects.all().delete()
    vendor = connections["default"].vendor
    seen = timed([lambda: count_request("bench", "a" * 64)] * 1000)
    new = timed([lambda n=n: count_request("bench", f"{n:064d}") for n in range(1000)])
    print(f"{vendor}: client seen before  p50 {seen[0]:.2f} ms  p99 {seen[1]:.2f} ms")
    print(f"{vendor}: new client          p50 {new[0]:.2f} ms  p99 {new[1]:.2f} ms")

    def worker():
        for _ in range(100):
            count_request("bench-threads", "b" * 64)
        connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    final = RateCounter.objects.get(form="bench-threads").count
    print(f"{vendor}: 8 threads x 100 requests, one client: {elapsed:.2f} s, count {final} (expected 800)")
    RateCounter.objects.all().delete()


if __name__ == "__main__":
    main()
