import statistics
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client

from forms.models import Submission


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Time accepting and sealing support requests through the real form page (p50, p99); stores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=200)
        parser.add_argument("--language", default="en")

    def handle(self, *args, count, language, **options):
        client = Client()
        data = {
            "requester": "defender",
            "country": "Somewhere",
            "programme": "emergency",
            "urgency": "urgent",
            "situation": "A realistic request of a few sentences. " * 20,
            "safe_contact": "Signal, after 18:00",
        }
        timings = []
        try:
            with transaction.atomic():
                before = Submission.objects.count()
                for _ in range(count):
                    started = time.perf_counter()
                    response = client.post(f"/{language}/request-support/", data)
                    timings.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200 or b"receipt-code" not in response.content:
                        raise RuntimeError(f"submission refused: {response.status_code}")
                stored = Submission.objects.count() - before
                raise Rollback
        except Rollback:
            pass
        timings.sort()
        p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
        self.stdout.write(
            f"{count} submissions accepted and sealed ({stored} stored, then rolled back): "
            f"p50 {statistics.median(timings):.1f} ms, p99 {p99:.1f} ms, max {timings[-1]:.1f} ms"
        )
