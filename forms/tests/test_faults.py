"""Faults: a stopped mail server, a worker killed mid-send, a database that is down. No request is lost."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext, override

from forms.models import Submission
from outbox.mail import queue_mail
from outbox.models import MailStatus, OutgoingMail
from outbox.testing import deliver_outbox

from .senders import as_a_person
from .test_submissions import receipt_and_reference, support_data

ROOT = Path(settings.BASE_DIR)


def test_with_the_mail_server_stopped_100_requests_are_accepted_and_later_delivered_exactly_once(
    client, inboxes, smtp_server, settings
):
    cache.clear()
    settings.FORM_RATE_LIMIT = 1000
    smtp_server.stop()
    references = []
    for number in range(100):
        data = as_a_person("request-support", support_data(email=f"sender{number}@example.org"))
        response = client.post("/en/request-support/", data)
        assert response.status_code == 200
        references.append(receipt_and_reference(response.content.decode())[0])
    assert Submission.objects.filter(reference__in=references, quarantine_reasons="").count() == 100

    deliver_outbox()  # every send fails: the server is down
    assert OutgoingMail.objects.filter(status=MailStatus.PENDING, attempts=1).count() == 200

    smtp_server.start()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        deliver_outbox()
        deliver_outbox()  # a second pass finds nothing more to send
    received = [m["Subject"] for m in smtp_server.messages]
    for reference in references:
        assert sum(reference in subject for subject in received) == 2  # acknowledgement + notification
    assert len(received) == 200
    assert OutgoingMail.objects.filter(status=MailStatus.SENT).count() == 200


# A real worker process, killed in the middle of a send -------------------------------------------


def database_url():
    """The test database, as a worker process started by a test must reach it."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or ""
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


class StallingSMTP:
    """A real SMTP server that, while `stalling` is set, takes a message and never answers it."""

    def __init__(self):
        import email
        import email.policy

        from aiosmtpd.controller import Controller

        self.messages = []
        self.stalling = threading.Event()
        self.stalled = threading.Event()
        server = self

        class Handler:
            async def handle_DATA(self, smtp, session, envelope):
                import asyncio

                if server.stalling.is_set():
                    server.stalled.set()
                    await asyncio.sleep(3600)
                server.messages.append(
                    email.message_from_bytes(envelope.content, policy=email.policy.default)
                )
                return "250 OK"

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()


def start_worker(smtp_port):
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "WORKER_HEARTBEAT_SECONDS": "1",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--backend",
            "outbox",
            "--interval",
            "0.2",
            "--no-startup-delay",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Rows a separate worker process can see: written outside any test transaction, removed after."""
    with django_db_blocker.unblock():
        created = []
        yield created
        OutgoingMail.objects.filter(pk__in=[mail.pk for mail in created]).delete()
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(backend_name="outbox").delete()
        from outbox.models import PeriodicJob, WorkerHeartbeat

        WorkerHeartbeat.objects.all().delete()
        PeriodicJob.objects.all().delete()


def test_a_worker_killed_mid_send_loses_no_mail(committed):
    smtp = StallingSMTP()
    smtp.stalling.set()
    for number in range(3):
        committed.append(
            queue_mail(
                to=f"d{number}@example.org", subject=f"mail {number}", text="t", purpose="test", about="fault"
            )
        )
    first = start_worker(smtp.port)
    try:
        assert smtp.stalled.wait(60), "the worker never reached the mail server"
        first.send_signal(signal.SIGKILL)  # killed while the server holds its message
        first.wait(10)
        smtp.stalling.clear()
        second = start_worker(smtp.port)
        try:
            assert wait_for(lambda: len(smtp.messages) >= 3, timeout=90), [
                m["Subject"] for m in smtp.messages
            ]
            time.sleep(1)
        finally:
            second.terminate()
            second.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
        smtp.stop()
    subjects = sorted(m["Subject"] for m in smtp.messages)
    assert subjects == ["mail 0", "mail 1", "mail 2"]  # each exactly once, the killed one included
    assert set(OutgoingMail.objects.filter(about="fault").values_list("status", flat=True)) == {
        MailStatus.SENT
    }


# The database down ---------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def site_without_database():
    """The site served by gunicorn, as in production, with its database unreachable."""
    port, dead_port = free_port(), free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": f"postgres://nobody@127.0.0.1:{dead_port}/nothing",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "website.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    assert wait_for(lambda: can_connect(port), timeout=30), "gunicorn did not start"
    yield base
    server.terminate()
    server.wait(10)


def can_connect(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def fetch(url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_with_the_database_down_a_form_answers_503_in_the_readers_language(site_without_database, language):
    status, body, headers = fetch(f"{site_without_database}/{language}/request-support/")
    assert status == 503
    assert headers.get("Retry-After")
    assert f'lang="{language}"' in body
    assert "Nothing you sent has been saved." not in body  # not English: the reader's language
    with override(language):
        assert (
            gettext("Our site cannot reach its database at the moment. Nothing you sent has been saved.")
            in body
        )


def test_with_the_database_down_a_post_says_nothing_was_saved(site_without_database):
    from urllib.parse import urlencode

    token = "a" * 32
    data = urlencode(support_data() | {"csrfmiddlewaretoken": token}).encode()
    status, body, _headers = fetch(
        f"{site_without_database}/es/request-support/", data=data, headers={"Cookie": f"csrftoken={token}"}
    )
    assert status == 503
    assert 'lang="es"' in body
    with override("es"):
        assert (
            gettext("Our site cannot reach its database at the moment. Nothing you sent has been saved.")
            in body
        )
