"""Load benchmark of the support request form: 16 clients send requests for 60 s to gunicorn + PostgreSQL.

Run with `make bench-submissions` (a throwaway PostgreSQL with durable settings, production settings).
Each client does what a browser does: GET the form page (CSRF cookie, time token), then POST a request.
Prints accepted requests per second, POST latency p50/p99, and the count check: every request the
clients saw confirmed is stored exactly once (sent = stored), with its mail queued in the outbox.
"""

import argparse
import http.client
import http.cookies
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment():
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DEMO_APPS": "forms",
        # One machine plays 16 people: no minimum time, no per-client limit (they would only
        # quarantine, which is cheaper, and the figure would flatter us).
        "FORM_MIN_SECONDS": "0",
        "FORM_RATE_LIMIT": "1000000",
    }


def manage(*args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=environment(), check=True)


def count(expression):
    code = f"from forms.models import Submission; from outbox.models import OutgoingMail; print({expression})"
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
    )
    return int(result.stdout.decode().strip().splitlines()[-1])


FORM_DATA = {
    "requester": "defender",
    "country": "Somewhere",
    "programme": "emergency",
    "urgency": "urgent",
    "situation": "Threats after publishing a report. " * 20,
    "safe_contact": "Signal",
    "email": "sender@example.org",
    "wants_acknowledgement": "on",
}


class Client(threading.Thread):
    def __init__(self, port, deadline, path):
        super().__init__(daemon=True)
        self.port, self.deadline, self.path = port, deadline, path
        self.latencies, self.references, self.errors = [], [], 0

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while time.monotonic() < self.deadline:
            try:
                connection.request("GET", self.path)
                page = connection.getresponse()
                html = page.read().decode()
                cookie = http.cookies.SimpleCookie(page.getheader("Set-Cookie", ""))
                csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
                token = re.search(r'name="pd_form_started" value="([^"]+)"', html).group(1)
                body = urlencode(FORM_DATA | {"csrfmiddlewaretoken": csrf, "pd_form_started": token})
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={cookie['csrftoken'].value}",
                    "Origin": f"http://127.0.0.1:{self.port}",
                }
                started = time.perf_counter()
                connection.request("POST", self.path, body=body, headers=headers)
                response = connection.getresponse()
                answer = response.read().decode()
                elapsed = time.perf_counter() - started
                reference = re.search(r"\bSR-[0-9A-Z]{4}-[0-9A-Z]{4}\b", answer)
                if response.status == 200 and reference:
                    self.latencies.append(elapsed)
                    self.references.append(reference.group(0))
                else:
                    self.errors += 1
            except (OSError, http.client.HTTPException, AttributeError):
                self.errors += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run under scripts/with-postgres (make bench-submissions): it needs PostgreSQL.")

    manage("migrate", "--verbosity=0")
    manage("load_demo_content", "--verbosity=0")
    # The demo makes no inbox with production settings; this throwaway one's recovery key is dropped.
    subprocess.run(
        [PYTHON, "manage.py", "create_inbox", "support"], cwd=ROOT, env=environment(), check=False,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    manage("collectstatic", "--noinput", "--verbosity=0")
    before = count("Submission.objects.count()")
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "website.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
         str(options.workers), "--threads", "4", "--worker-class", "gthread"],
        cwd=ROOT, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        deadline = time.monotonic() + options.seconds
        clients = [Client(port, deadline, "/en/request-support/") for _ in range(options.clients)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
    finally:
        server.terminate()
        server.wait(30)

    latencies = sorted(latency for client in clients for latency in client.latencies)
    references = [reference for client in clients for reference in client.references]
    stored = count("Submission.objects.count()") - before
    mails = count("OutgoingMail.objects.filter(purpose='acknowledgement').count()")
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else float("nan")
    errors = sum(client.errors for client in clients)
    print(f"clients: {options.clients}, {options.seconds} s, gunicorn: {options.workers} workers x 4 threads")
    print(f"accepted: {len(references)} ({len(references) / options.seconds:.1f}/s), errors: {errors}")
    if latencies:
        print(f"POST latency: p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    unique = len(set(references))
    verdict = "OK" if stored == len(references) == unique == mails else "MISMATCH"
    print(
        f"count check: confirmed {len(references)} (unique {unique}), stored {stored}, "
        f"acknowledgements queued {mails}: {verdict}"
    )
    sys.exit(0 if verdict == "OK" else 1)


if __name__ == "__main__":
    main()
