"""The reference deployment (deploy/) on this machine: nginx in front of two gunicorn app servers, a
worker, PostgreSQL and Redis, each started from deploy/'s files (see tests/deployment.py).

Checked through the proxy, over TLS: a page, a static file and an image are served; the second request
for a page is answered from nginx's cache; a publish purges the proxy's copy at once; a form sent
through the proxy is stored once; /healthz/ answers 200, and 503 when the worker is gone. Nothing the
proxy logs names a client.

Runs in `make test` (PostgreSQL); skipped on SQLite, and where nginx, its purge module or redis-server
is not installed (`.ci/run` installs them).
"""

import gzip
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.deployment import DEPLOY, Proxy, missing_tools, unit_command
from tests.test_scale_out import DATABASE_URL, REDIS_SERVER, Cluster, Database, MailBox, free_port, wait_for

MISSING = missing_tools()

pytestmark = [
    pytest.mark.skipif(
        not DATABASE_URL.startswith("postgres"),
        reason="needs PostgreSQL: run through `make test`, which starts one (scripts/with-postgres)",
    ),
    pytest.mark.skipif(REDIS_SERVER is None, reason="needs redis-server (apt-get install redis-server)"),
    pytest.mark.skipif(
        bool(MISSING), reason=f"needs {', '.join(MISSING)} (apt-get install {' '.join(MISSING)})"
    ),
]


class Deployment(Cluster):
    """The scale-out test's cluster (database, Redis, SMTP, environment), started as deploy/ says."""

    def start_unit(self, unit, **specifiers):
        return self.start(*unit_command(unit, sys.executable, **specifiers))

    def answers(self, port):
        try:
            return self.get(port, "/robots.txt").status == 200
        except OSError:
            return False

    def start_worker(self):
        self.worker = self.start_unit("protectdefenders-worker@.service", H="ci", i=1)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    from aiosmtpd.controller import Controller

    workdir = tmp_path_factory.mktemp("deployment")
    database = Database()
    database.create()
    redis_port = free_port()
    redis = subprocess.Popen(
        [REDIS_SERVER, str(DEPLOY / "redis" / "protectdefenders.conf"), "--port", str(redis_port)],
        stdout=subprocess.DEVNULL,
    )
    mailbox = MailBox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    cluster = Deployment(workdir, database, redis_port, smtp.port)
    read_port, send_port = free_port(), free_port()
    proxy = Proxy(
        workdir / "proxy",
        read=f"127.0.0.1:{read_port}",
        send=f"127.0.0.1:{send_port}",
        static_root=cluster.env["STATIC_ROOT"],
        media_root=cluster.env["MEDIA_ROOT"],
    )
    del cluster.env["SECURE_SSL_REDIRECT"]  # production's default: the proxy says the request was HTTPS
    cluster.env.update(
        CDN_PURGE_URL=proxy.purge_url,
        TRUSTED_PROXY_HOPS="1",
        WORKER_HEARTBEAT_SECONDS="1",  # a silent worker is taken for dead after 4 s
        GUNICORN_CMD_ARGS="--workers 1 --log-level warning",
    )
    try:
        cluster.manage("migrate", "--verbosity=0")
        cluster.manage("collectstatic", "--noinput", "--verbosity=0")
        cluster.manage("load_demo_content", "--verbosity=0", settings_module="website.settings.dev")
        for port in (read_port, send_port):
            cluster.start_unit("protectdefenders-web@.service", i=port)
            cluster.app_ports.append(port)
        for port in (read_port, send_port):
            wait_for(lambda port=port: cluster.answers(port), 60, f"the app server on port {port}")
        cluster.start_worker()
        with proxy:
            cluster.proxy = proxy
            cluster.mailbox = mailbox
            yield cluster
    finally:
        cluster.stop()
        smtp.stop()
        redis.terminate()
        redis.wait(timeout=20)
        database.drop()


def get(deployment, path, **headers):
    return deployment.proxy.request(path, headers={"Accept-Encoding": "gzip", **headers})


def text(body, headers):
    if headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode()


def title(html):
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def test_a_page_a_static_file_and_an_image_are_served_through_the_proxy(deployment):
    status, headers, body = get(deployment, "/en/")
    assert status == 200
    html = text(body, headers)
    assert "<html" in html
    stylesheet = re.search(r'<link rel="stylesheet" href="(/static/[^"]+)"', html).group(1)
    status, headers, body = get(deployment, stylesheet)
    assert status == 200
    assert headers["X-Cache-Status"] == "STATIC"  # from disk, not from the app
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"].startswith("text/css")
    assert len(body) > 0

    # An image as an editor uploads it; pages show its renditions, which are media files.
    rendition = deployment.manage(
        "shell",
        "-c",
        "import io; from PIL import Image as Picture; from django.core.files.images import ImageFile; "
        "from wagtail.images.models import Image; buffer = io.BytesIO(); "
        "Picture.new('RGB', (640, 480), 'teal').save(buffer, 'PNG'); "
        "image = Image(title='Proxy test', file=ImageFile(buffer, name='proxy-test.png')); image.save(); "
        "print(image.get_rendition('width-320').url)",
    ).splitlines()[-1]
    assert rendition.startswith("/media/images/")
    status, headers, body = get(deployment, rendition)
    assert status == 200
    assert headers["Content-Type"] == "image/webp"
    assert body[:4] == b"RIFF"


def test_documents_and_original_images_are_never_served_from_disk(deployment):
    media = deployment.env["MEDIA_ROOT"]
    for folder in ("documents", "original_images"):
        (Path(media) / folder).mkdir(parents=True, exist_ok=True)
        (Path(media) / folder / "on-disk.txt").write_text("not for readers")
        status, _headers, body = get(deployment, f"/media/{folder}/on-disk.txt")
        assert status == 404
        assert b"not for readers" not in body


def test_plain_http_moves_to_https(deployment):
    status, headers, _body = deployment.proxy.request("/en/", scheme="http")
    assert status == 301
    assert headers["Location"] == "https://localhost/en/"


def test_the_second_request_for_a_page_is_answered_by_the_proxy(deployment):
    path = f"/en/?visit={secrets.token_hex(4)}"  # an address nobody asked for yet
    first = get(deployment, path)
    second = get(deployment, path)
    assert first[0] == second[0] == 200
    assert first[1]["X-Cache-Status"] == "MISS"
    assert second[1]["X-Cache-Status"] == "HIT"
    assert text(second[2], second[1]) == text(first[2], first[1])
    # A reader who cannot take gzip gets the same page, unpacked by the proxy.
    status, headers, body = deployment.proxy.request(path)
    assert status == 200 and headers["X-Cache-Status"] == "HIT"
    assert "Content-Encoding" not in headers
    assert body.decode() == text(first[2], first[1])


def test_signed_in_staff_and_form_pages_are_never_served_from_the_proxy(deployment):
    path = "/en/contact/"
    get(deployment, path)
    assert get(deployment, path)[1]["X-Cache-Status"] == "HIT"
    status, headers, _body = get(deployment, path, Cookie="sessionid=someone")
    assert status == 200 and headers["X-Cache-Status"] == "BYPASS"
    for _ in range(2):
        status, headers, body = get(deployment, "/en/request-support/")
        assert status == 200
        assert headers["X-Cache-Status"] == "MISS"
        assert "csrftoken=" in headers["Set-Cookie"]
    assert "csrfmiddlewaretoken" in text(body, headers)


def test_a_publish_purges_the_proxy_copy(deployment):
    path = "/en/contact/"
    get(deployment, path)
    status, headers, body = get(deployment, path)
    assert headers["X-Cache-Status"] == "HIT"
    new_title = f"Contact us {secrets.token_hex(3)}"
    deployment.manage(
        "shell",
        "-c",
        "from wagtail.models import Page; "
        "page = Page.objects.get(slug='contact', locale__language_code='en').specific; "
        f"page.title = {new_title!r}; page.save_revision().publish()",
    )
    # Wagtail queues the purge as a task; the worker sends it within a moment of the commit.
    started = time.monotonic()
    status, headers, body = wait_for(
        lambda: (
            (answer := get(deployment, path)) and title(text(answer[2], answer[1])) == new_title and answer
        ),
        30,
        "the proxy to serve the published title",
    )
    assert time.monotonic() - started < 10
    assert status == 200
    assert headers["X-Cache-Status"] == "MISS"  # purged, not expired: it was kept for minutes
    assert get(deployment, path)[1]["X-Cache-Status"] == "HIT"


HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
REFERENCE = re.compile(r'<strong class="code" dir="ltr">([A-Z]{2}-[0-9A-Z]{4}-[0-9A-Z]{4})</strong>')


def test_a_form_sent_through_the_proxy_is_stored_once(deployment):
    path = "/en/request-support/"
    status, headers, body = get(deployment, path)
    assert status == 200
    hidden = dict(HIDDEN_INPUT.findall(text(body, headers)))
    cookie = next(c.split(";")[0] for c in headers.get_all("Set-Cookie") if c.startswith("csrftoken="))
    time.sleep(1.5)  # FORM_MIN_SECONDS
    name = f"Through the proxy {secrets.token_hex(4)}"
    answers = {
        "requester": "defender",
        "name": name,
        "country": "Testland",
        "programme": "relocation",
        "urgency": "urgent",
        "situation": "Sent through nginx",
        "safe_contact": "Signal",
    }
    before = deployment.database.query("SELECT count(*) FROM forms_submission")[0][0]
    status, headers, body = deployment.proxy.request(
        path,
        data=urllib.parse.urlencode({**hidden, **answers}).encode(),
        headers={
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": deployment.proxy.url(path),
        },
    )
    html = body.decode()
    assert status == 200, html[:2000]
    reference = REFERENCE.search(html).group(1)
    assert headers.get("X-Cache-Status") != "HIT"  # a POST is never answered from the cache
    rows = deployment.database.query("SELECT status FROM forms_submission WHERE reference = %s", [reference])
    assert len(rows) == 1
    assert deployment.database.query("SELECT count(*) FROM forms_submission")[0][0] == before + 1


def test_the_proxy_logs_no_client_address(deployment):
    get(deployment, "/en/?q=what-someone-looked-for")
    deployment.proxy.flush_log()
    log = deployment.proxy.access_log.read_text()
    assert "/en/" in log
    assert "127.0.0.1" not in log
    assert "what-someone-looked-for" not in log


def test_healthz_answers_200_and_503_once_the_worker_is_gone(deployment):
    read_port = deployment.app_ports[0]
    wait_for(lambda: get(deployment, "/healthz/")[0] == 200, 30, "a healthy answer")
    for _ in range(2):
        status, headers, body = get(deployment, "/healthz/")
        assert (status, body) == (200, b"ok\n")
        assert headers["X-Cache-Status"] != "HIT"
        assert "no-store" in headers["Cache-Control"]
    # Straight to an app server over plain HTTP, as a load balancer probes it: no redirect to HTTPS.
    direct = urllib.request.Request(f"http://127.0.0.1:{read_port}/healthz/", headers={"Host": "localhost"})
    with urllib.request.urlopen(direct, timeout=10) as response:
        assert response.status == 200

    deployment.worker.send_signal(signal.SIGKILL)  # dies without a word: its heartbeat goes silent
    deployment.worker.wait(timeout=10)
    wait_for(lambda: get(deployment, "/healthz/")[0] == 503, 30, "/healthz/ to notice the worker is gone")
    status, _headers, body = get(deployment, "/healthz/")
    assert (status, body) == (503, b"unavailable\n")
