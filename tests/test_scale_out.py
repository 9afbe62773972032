"""More than one machine, on this one: two app servers and two workers sharing PostgreSQL, Redis and media.

As in the README's "Running on more than one machine": two gunicorn processes with production settings
(each its own memory, as on two machines) behind what a proxy would send them (Host, X-Forwarded-Proto),
one PostgreSQL database, one Redis (REDIS_URL: the page cache, the content version, rate limits), one
media folder standing for shared storage, and two `manage.py db_worker` delivering mail through a real
SMTP server (aiosmtpd). Every request below goes through one app server or the other.

Runs in `make test` (PostgreSQL); skipped on SQLite and where redis-server is not installed.
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_SERVER = shutil.which("redis-server")
SUBMISSIONS = 6

pytestmark = [
    pytest.mark.skipif(
        not DATABASE_URL.startswith("postgres"),
        reason="needs PostgreSQL: run through `make test`, which starts one (scripts/with-postgres)",
    ),
    pytest.mark.skipif(REDIS_SERVER is None, reason="needs redis-server (apt-get install redis-server)"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class MailBox:
    """What the SMTP server received: (recipients, subject) per message."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's handler name)
        message = message_from_bytes(envelope.content, policy=policy.default)
        subject = str(make_header(decode_header(message["Subject"])))
        self.messages.append((tuple(envelope.rcpt_tos), subject))
        return "250 OK"


class Database:
    """A database of its own in the PostgreSQL cluster of the test run, dropped afterwards."""

    def __init__(self):
        self.name = f"scale_out_{secrets.token_hex(4)}"
        parts = urllib.parse.urlsplit(DATABASE_URL)
        self.admin_url = DATABASE_URL
        self.url = urllib.parse.urlunsplit(parts._replace(path=f"/{self.name}"))

    def execute(self, sql, params=None, url=None):
        import psycopg

        with psycopg.connect(url or self.admin_url, autocommit=True) as connection:
            rows = connection.execute(sql, params)
            return rows.fetchall() if rows.description else None

    def query(self, sql, params=None):
        return self.execute(sql, params, url=self.url)

    def create(self):
        self.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Cluster:
    def __init__(self, workdir, database, redis_port, smtp_port):
        self.database = database
        self.processes = []
        self.env = {
            **{
                key: value
                for key, value in os.environ.items()
                if not key.startswith(("DJANGO_", "PAGE_CACHE"))
            },
            "DJANGO_SETTINGS_MODULE": "website.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "PUBLIC_BASE_URL": "https://localhost",  # links in mail, as a deploy sets it
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database.url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "MEDIA_ROOT": str(workdir / "shared-media"),
            # Production serves hashed static files from a manifest: collected here, as a deploy does.
            "STATIC_ROOT": str(workdir / "static"),
            "PRIVATE_ROOT": str(workdir / "private"),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "DEFAULT_FROM_EMAIL": "no-reply@example.org",
            "DEMO_APPS": "forms",
            # Every submission here comes from 127.0.0.1, within seconds: not spam in this test.
            "FORM_RATE_LIMIT": "1000",
            "FORM_MIN_SECONDS": "1",
            "LOG_LEVEL": "ERROR",
            "PYTHONUNBUFFERED": "1",
        }
        self.app_ports = []

    def manage(self, *args, settings_module=None):
        env = dict(self.env)
        if settings_module:
            env["DJANGO_SETTINGS_MODULE"] = settings_module
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def start(self, *command):
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL)
        self.processes.append(process)
        return process

    def start_app_server(self):
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "website.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
        ]
        process = self.start(*command, "--log-level", "warning")
        self.app_ports.append(port)

        def answers():
            assert process.poll() is None, "an app server stopped"
            try:
                return self.get(port, "/robots.txt").status == 200
            except (urllib.error.URLError, ConnectionError):
                return False

        wait_for(answers, 60, f"the app server on port {port}")

    def stop(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    # HTTP, as the proxy in front would pass it on ------------------------------------------------------

    def request(self, port, path, data=None, cookie=""):
        headers = {"Host": "localhost", "X-Forwarded-Proto": "https"}
        body = None
        if cookie:
            headers["Cookie"] = cookie
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # A browser posting the form from our page (same-origin Referrer-Policy on form pages).
            headers["Referer"] = f"https://localhost{path}"
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, headers=headers)
        try:
            return urllib.request.urlopen(request, timeout=30)  # noqa: S310 (a local server)
        except urllib.error.HTTPError as error:
            return error

    def get(self, port, path):
        return self.request(port, path)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    from aiosmtpd.controller import Controller

    workdir = tmp_path_factory.mktemp("scale-out")
    database = Database()
    database.create()
    redis_port = free_port()
    redis = subprocess.Popen(
        [REDIS_SERVER, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    mailbox = MailBox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    cluster = Cluster(workdir, database, redis_port, smtp.port)
    cluster.mailbox = mailbox
    try:
        cluster.manage("migrate", "--verbosity=0")
        cluster.manage("collectstatic", "--noinput", "--verbosity=0")
        # The demo in development mode: it gives the inboxes a member with an address, who is notified.
        cluster.manage("load_demo_content", "--verbosity=0", settings_module="website.settings.dev")
        for _ in range(2):
            cluster.start_app_server()
        for number in range(2):
            cluster.start(
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.2",
                "--worker-id",
                f"scale-out-{number}",
            )
        yield cluster
    finally:
        cluster.stop()
        smtp.stop()
        redis.terminate()
        redis.wait(timeout=20)
        database.drop()


HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
REFERENCE = re.compile(r'<strong class="code" dir="ltr">([A-Z]{2}-[0-9A-Z]{4}-[0-9A-Z]{4})</strong>')


def open_form(cluster, port, path):
    """The form's hidden fields (CSRF and time tokens) and the CSRF cookie, as a browser would keep them."""
    response = cluster.get(port, path)
    assert response.status == 200
    html = response.read().decode()
    cookies = [header.split(";")[0] for header in response.headers.get_all("Set-Cookie") or []]
    csrf_cookie = next(cookie for cookie in cookies if cookie.startswith("csrftoken="))
    return dict(HIDDEN_INPUT.findall(html)), csrf_cookie


def test_every_submission_is_stored_once_and_each_mail_sent_once(cluster):
    before = cluster.database.query("SELECT count(*) FROM forms_submission")[0][0]
    a, b = cluster.app_ports
    opened = []
    for number in range(SUBMISSIONS):
        # Opened on one app server, sent through the other: nothing ties a reader to one machine.
        port_opened, port_sent = (a, b) if number % 2 else (b, a)
        hidden, cookie = open_form(cluster, port_opened, "/en/request-support/")
        opened.append((number, port_sent, hidden, cookie))
    time.sleep(1.5)  # FORM_MIN_SECONDS: a person takes a while to fill the form
    references = []
    for number, port, hidden, cookie in opened:
        answers = {
            "requester": "defender",
            "name": f"Scale out {number}",
            "country": "Testland",
            "programme": "relocation",
            "urgency": "urgent",
            "situation": f"Situation {number}",
            "safe_contact": "Signal",
            "email": f"sender{number}@example.org",
            "wants_acknowledgement": "on",
        }
        response = cluster.request(port, "/en/request-support/", data={**hidden, **answers}, cookie=cookie)
        assert response.status == 200, response.read().decode()[:2000]
        references.append(REFERENCE.search(response.read().decode()).group(1))

    assert len(set(references)) == SUBMISSIONS
    rows = cluster.database.query(
        "SELECT reference, count(*) FROM forms_submission WHERE reference = ANY(%s) GROUP BY reference",
        [references],
    )
    assert sorted(rows) == sorted((reference, 1) for reference in references)
    assert cluster.database.query("SELECT count(*) FROM forms_submission")[0][0] == before + SUBMISSIONS

    pytest.importorskip("outbox", reason="mail goes through the outbox app")

    def mails_about(reference):
        return [(to, subject) for to, subject in cluster.mailbox.messages if reference in subject]

    # Each submission: an acknowledgement to its sender and a notification to the inbox's member.
    wait_for(lambda: all(len(mails_about(reference)) >= 2 for reference in references), 90, "the mail")
    time.sleep(3)  # time for a second worker to send any mail twice, if it were going to
    for number, reference in enumerate(references):
        recipients = sorted(to for to, _subject in mails_about(reference))
        assert recipients == sorted([(f"sender{number}@example.org",), ("inbox-demo@example.org",)]), (
            reference
        )


def title(html):
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def test_a_page_published_through_one_process_is_fresh_on_the_other_at_once(cluster):
    a, b = cluster.app_ports
    for port in (a, b, a, b):  # each server renders it and both find it in the shared page cache
        assert cluster.get(port, "/en/contact/").status == 200
    new_title = f"Contact us {secrets.token_hex(3)}"
    cluster.manage(
        "shell",
        "-c",
        "from wagtail.models import Page; "
        "page = Page.objects.get(slug='contact', locale__language_code='en').specific; "
        f"page.title = {new_title!r}; page.save_revision().publish()",
    )
    for port in (a, b):
        assert title(cluster.get(port, "/en/contact/").read().decode()) == new_title


def test_media_saved_through_one_process_is_served_by_the_other(cluster):
    a, b = cluster.app_ports
    content = f"Terms of reference {secrets.token_hex(8)}\n".encode()
    url = cluster.manage(
        "shell",
        "-c",
        "from django.core.files.base import ContentFile; from wagtail.documents.models import Document; "
        "document = Document(title='Terms of reference'); "
        f"document.file.save('terms-of-reference.txt', ContentFile({content!r})); "
        "print(document.url)",
    ).splitlines()[-1]
    assert url.startswith("/documents/")
    for port in (a, b):
        response = cluster.get(port, url)
        assert response.status == 200
        assert response.read() == content
