#!/usr/bin/env python3
"""`make bench-newsletter-timing`: does the newsletter signup take as long for every address?

Against the PostgreSQL that DATABASE_URL names (the Makefile target starts a throwaway one): migrates,
loads the newsletter's demo content, makes SAMPLES pending and SAMPLES subscribed addresses, then posts
the signup form (through Django's whole middleware stack, in this process) for an unknown, a pending
and a subscribed address in turn, in a shuffled order each round, and prints the median time of each
kind and how far apart they are. Goal: within 10 % of each other. Then it runs the worker's tasks once
and checks that each kind was handled as it should (so the figures measure the real signup).

Environment: SAMPLES (default 300 per kind).
"""

import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = int(os.environ.get("SAMPLES", "300"))
WARM_UP = 20
GOAL = 0.10


def say(message):
    print(message, file=sys.stderr, flush=True)


def setup():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        say("DATABASE_URL must name a PostgreSQL database: run this through `make bench-newsletter-timing`.")
        sys.exit(2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.test")
    os.environ["DEMO_APPS"] = "newsletter"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    say("Migrating and loading the newsletter's demo content…")
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0, stdout=io.StringIO())


def make_addresses():
    from datetime import timedelta

    from django.utils import timezone

    from newsletter.models import Subscriber, SubscriberStatus

    now = timezone.now()
    records = []
    for number in range(SAMPLES + WARM_UP):
        records.append(
            # Asked an hour ago: its confirmation mail went out then.
            Subscriber(
                email=f"pending-{number}@example.org",
                email_key=f"pending-{number}@example.org",
                language="en",
                status=SubscriberStatus.PENDING,
                consented_at=now - timedelta(hours=1),
                last_mail_sent_at=now - timedelta(hours=1),
            )
        )
        records.append(
            # Confirmed two days ago: asking again gets the "you already receive it" mail.
            Subscriber(
                email=f"subscribed-{number}@example.org",
                email_key=f"subscribed-{number}@example.org",
                language="en",
                status=SubscriberStatus.SUBSCRIBED,
                consented_at=now - timedelta(days=2),
                confirmed_at=now - timedelta(days=2),
                last_mail_sent_at=now - timedelta(days=2),
            )
        )
    Subscriber.objects.bulk_create(records)


def measure():
    from django.test import Client, override_settings

    from website.antispam import TIME_TOKEN_FIELD, SpamDefence

    client = Client()
    times = {"unknown": [], "pending": [], "subscribed": []}
    rng = random.Random(13)  # noqa: S311  (an order, not a secret)
    # No rate limit and no minimum time: every post takes the path a person's signup takes.
    with override_settings(FORM_RATE_LIMIT=10**9, FORM_MIN_SECONDS=0, PAGE_CACHE_SECONDS=0):
        token = SpamDefence(None, "newsletter").time_token()
        for number in range(SAMPLES + WARM_UP):
            kinds = list(times)
            rng.shuffle(kinds)
            for kind in kinds:
                data = {"email": f"{kind}-{number}@example.org", "language": "en", "consent": "on"}
                data[TIME_TOKEN_FIELD] = token
                started = time.perf_counter()
                response = client.post("/en/subscription/", data)
                elapsed = time.perf_counter() - started
                if response.status_code != 200 or b"Check your email" not in response.content:
                    status = response.status_code
                    raise SystemExit(f"the signup of a {kind} address was not accepted ({status})")
                if number >= WARM_UP:
                    times[kind].append(elapsed * 1000)
    return times


def check_the_worker_handles_each_kind():
    """The signups measured were real: the worker records them and mails whom it should."""
    from newsletter.models import Subscriber, SubscriberStatus
    from outbox.models import OutgoingMail
    from outbox.testing import deliver_outbox

    deliver_outbox()
    unknown = Subscriber.objects.filter(email_key__startswith="unknown-")
    assert unknown.count() == SAMPLES + WARM_UP, "every unknown address is recorded as pending"
    assert not unknown.exclude(status=SubscriberStatus.PENDING).exists()
    purposes = dict.fromkeys(["newsletter-confirmation", "newsletter-already-subscribed"], 0)
    for purpose in purposes:
        purposes[purpose] = OutgoingMail.objects.filter(purpose=purpose).count()
    # Unknown addresses get a confirmation, subscribers "you already receive it"; pending ones, mailed
    # an hour ago, get nothing (one mail a day at most).
    assert purposes["newsletter-confirmation"] == SAMPLES + WARM_UP, purposes
    assert purposes["newsletter-already-subscribed"] == SAMPLES + WARM_UP, purposes


def main():
    setup()
    make_addresses()
    say(f"Posting {SAMPLES} signups of each kind (after {WARM_UP} to warm up), interleaved…")
    times = measure()
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    spread = max(medians.values()) / min(medians.values()) - 1
    print("| address | signups | median ms | p90 ms |")
    print("|---|---|---|---|")
    for kind, values in times.items():
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"| {kind} | {len(values)} | {medians[kind]:.2f} | {p90:.2f} |")
    print()
    verdict = "within" if spread <= GOAL else "NOT within"
    print(f"Slowest median / fastest median - 1 = {spread:.1%}: {verdict} the goal of {GOAL:.0%}.")
    check_the_worker_handles_each_kind()
    print("The worker then recorded and mailed each kind as it should.")
    sys.exit(0 if spread <= GOAL else 1)


if __name__ == "__main__":
    main()
