"""/healthz/: 200 only when the database, the cache and a worker are there; says no more; never cached."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from outbox.models import WorkerHeartbeat
from outbox.workers import beat, dead_after

pytestmark = pytest.mark.django_db


def test_healthy_when_database_cache_and_a_worker_are_there(client):
    beat("web-1")
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control
    assert not response.cookies


def test_unavailable_when_no_worker_has_beaten_lately(client):
    WorkerHeartbeat.objects.create(
        worker_id="web-1", seen_at=timezone.now() - dead_after() - timedelta(seconds=1)
    )
    response = client.get("/healthz/")
    assert response.status_code == 503
    # Which part failed is in the server's log, not in the answer.
    assert response.content == b"unavailable\n"
    assert "no-store" in response["Cache-Control"]


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_unavailable_when_the_cache_keeps_nothing(client):
    beat("web-1")
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"


def test_a_check_that_raises_is_an_unhealthy_answer_not_a_server_error(client, settings):
    beat("web-1")
    settings.HEALTH_CHECKS = [*settings.HEALTH_CHECKS, "website.tests.test_health.unreachable"]
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"


def unreachable():
    raise ConnectionRefusedError("a dependency that does not answer")


def test_only_get_and_head(client):
    beat("web-1")
    assert client.head("/healthz/").status_code == 200
    assert client.post("/healthz/").status_code == 405
