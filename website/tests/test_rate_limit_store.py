"""The rate limit's counters: in a database table every worker shares and page traffic cannot evict,
under a keyed hash that changes daily, counted exactly under concurrency, purged daily."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, connections
from django.test import RequestFactory
from django.utils import timezone

from website.antispam import count_request, purge_rate_counters
from website.clients import client_key
from website.models import RateCounter
from website.page_cache import content_version

pytestmark = pytest.mark.django_db


def test_each_client_and_form_has_its_own_count():
    assert [count_request("inbox-support", "a" * 64) for _ in range(3)] == [1, 2, 3]
    assert count_request("inbox-support", "b" * 64) == 1
    assert count_request("inbox-complaint", "a" * 64) == 1


def test_a_new_client_does_not_empty_the_page_cache():
    before = content_version()
    count_request("inbox-support", "c" * 64)  # a new row for a new client
    count_request("inbox-support", "c" * 64)
    assert content_version() == before


def test_page_traffic_cannot_evict_a_counter():
    count_request("inbox-support", "a" * 64)
    count_request("inbox-support", "a" * 64)
    for number in range(50):  # what 3,300 random 404s did to the local-memory cache, at once
        cache.set(f"page-{number}", "x")
    cache.clear()
    assert count_request("inbox-support", "a" * 64) == 3


def test_the_key_of_an_address_changes_every_day_and_is_not_the_address():
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.7")
    today = client_key(request)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        tomorrow = client_key(request)
    assert today != tomorrow and "198.51.100.7" not in today and len(today) == 64


def test_the_daily_purge_deletes_the_days_before_and_keeps_today():
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        count_request("inbox-support", "a" * 64)
    count_request("inbox-support", "b" * 64)
    assert purge_rate_counters.call() == {"deleted": 1}
    assert list(RateCounter.objects.values_list("client", flat=True)) == ["b" * 64]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_workers_count_every_request_exactly_once():
    """Eight workers, twenty requests each, from one client: the counts are 1..160, each once."""
    client = "c" * 64
    seen = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def worker():
        try:
            start.wait()
            counts = [count_request("race-test", client) for _ in range(20)]
            with lock:
                seen.extend(counts)
        finally:
            connections.close_all()

    def cleanup():
        try:
            RateCounter.objects.filter(form="race-test").delete()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(seen) == list(range(1, 161))
    finally:
        # The workers committed outside this test's transaction: remove what they wrote.
        janitor = threading.Thread(target=cleanup)
        janitor.start()
        janitor.join(timeout=60)
