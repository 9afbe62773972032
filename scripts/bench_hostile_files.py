"""Posts each hostile file to the support form of a running gunicorn and prints what it cost the server.

Run with `make bench-hostile-files` (a throwaway PostgreSQL, production settings, one gunicorn worker).
For each file: the peak growth of the server's memory — the memory of gunicorn's whole process tree
(master, worker and the inspection children), sampled every 2 ms — over its level just before the
post, and the time from sending the request to the end of the answer. Memory is the unique set size
(USS, pages no other process shares): resident sizes would count a just-forked child (vfork) at its
parent's whole size for the instant before it runs the new interpreter, memory it never owns.
Goal: ≤ 100 MB and ≤ 2 s each.
The files are those of the test suite (forms/tests/hostile_files.py), each posted with a valid request.
"""

import argparse
import contextlib
import http.client
import http.cookies
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_submissions import FORM_DATA, environment, free_port  # noqa: E402

from forms.tests import hostile_files  # noqa: E402

PATH = "/en/request-support/"
MEGABYTE = 1024 * 1024


def tree_rss(root, servers=None):
    """The memory (USS) of the whole tree; with `servers` (pids), also that of those processes alone."""
    total = own = 0
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a child that ended between listing and reading
            rss = process.memory_full_info().uss
            total += rss
            own += rss if servers and process.pid in servers else 0
    return (total, own) if servers else total


class PeakSampler(threading.Thread):
    """The peak of the tree, and the peak of gunicorn's own processes (master and worker)."""

    def __init__(self, root):
        super().__init__(daemon=True)
        self.root, self.peak, self.servers_peak, self.running = root, 0, 0, True
        self.servers = {root.pid, *(child.pid for child in root.children())}

    def run(self):
        while self.running:
            total, own = tree_rss(self.root, self.servers)
            self.peak, self.servers_peak = max(self.peak, total), max(self.servers_peak, own)
            time.sleep(0.002)


def manage(*args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for filename, data, content_type in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_files(port, files):
    """GET the form as a browser does, then POST a valid request with `files`: (seconds, answer)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", PATH)
    page = connection.getresponse()
    html = page.read().decode()
    cookie = http.cookies.SimpleCookie(page.getheader("Set-Cookie", ""))
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    token = re.search(r'name="pd_form_started" value="([^"]+)"', html).group(1)
    body, content_type = multipart(FORM_DATA | {"csrfmiddlewaretoken": csrf, "pd_form_started": token}, files)
    headers = {
        "Content-Type": content_type,
        "Cookie": f"csrftoken={cookie['csrftoken'].value}",
        "Origin": f"http://127.0.0.1:{port}",
    }
    started = time.perf_counter()
    connection.request("POST", PATH, body=body, headers=headers)
    response = connection.getresponse()
    answer = response.read().decode()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, response.status, answer


def verdict(answer, filename):
    if re.search(r"\bSR-[0-9A-Z]{4}-[0-9A-Z]{4}\b", answer):
        return "accepted"
    summary = re.search(r'<div class="error-summary".*?</div>', answer, re.S)
    if summary and filename in summary.group(0):
        return "refused"
    return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="posts of each file; the worst is printed")
    parser.add_argument("--only", nargs="*", help="file names to post (default: all)")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run under scripts/with-postgres (make bench-hostile-files): it needs PostgreSQL.")

    print("making the hostile files (the bzip2 bomb takes about 17 s)...", flush=True)
    files = [file for file in hostile_files.hostile_files() if not options.only or file[0] in options.only]
    manage("migrate", "--verbosity=0")
    manage("load_demo_content", "--verbosity=0")
    manage("collectstatic", "--noinput", "--verbosity=0")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "website.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--timeout", "120"],
        cwd=ROOT, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(150):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        root = psutil.Process(server.pid)
        # Warm up: the first request imports the views, templates and catalogues, and a file that needs a
        # child leaves the spare child waiting, as it is on a server that has received a file before.
        for _ in range(2):
            post_files(
                port,
                [
                    ("evidence.txt", b"evidence", "text/plain"),
                    ("scan.pdf", hostile_files.plain_pdf(), "application/pdf"),
                ],
            )
        print(f"gunicorn (production settings, 1 worker) at rest: {tree_rss(root) / MEGABYTE:.0f} MB")
        print(f"{'file':<16}{'size':>10}  {'answer':<10}{'growth: all':>12}{'gunicorn':>10}{'time':>8}")
        for filename, data, content_type, _reason in files:
            worst_growth, worst_servers, worst_time, answers = 0, 0, 0.0, set()
            for _ in range(options.rounds):
                time.sleep(0.3)
                sampler = PeakSampler(root)
                baseline, servers_baseline = tree_rss(root, sampler.servers)
                sampler.start()
                elapsed, status, answer = post_files(port, [(filename, data, content_type)])
                sampler.running = False
                sampler.join()
                worst_growth = max(worst_growth, sampler.peak - baseline)
                worst_servers = max(worst_servers, sampler.servers_peak - servers_baseline)
                worst_time = max(worst_time, elapsed)
                answers.add(verdict(answer, filename) if status == 200 else str(status))
            print(
                f"{filename:<16}{len(data):>10,}  {'/'.join(sorted(answers)):<10}"
                f"{worst_growth / MEGABYTE:>9.1f} MB{worst_servers / MEGABYTE:>7.1f} MB{worst_time:>6.2f} s"
            )
        print(f"gunicorn after the run: {tree_rss(root) / MEGABYTE:.0f} MB")
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
