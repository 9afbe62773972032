"""deploy/'s nginx and systemd units, run on this machine as ordinary processes in a temporary folder.

Used by tests/test_deployment.py (in `make test`) and scripts/bench.py (`make bench`): the proxy's
configuration is rendered from deploy/'s templates by deploy/render, exactly as on a server, with a
self-signed certificate for "localhost" and unprivileged ports on 127.0.0.1; the app servers and the
worker run the command lines of deploy/systemd/'s units.
"""

import getpass
import os
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
# The units' paths on a server, and what stands for them here.
SERVER_PYTHON = "/srv/protectdefenders/app/.venv/bin/python"
HOST = "localhost"


def missing_tools():
    """Why deploy/'s proxy cannot run here (empty when it can): the Debian packages it needs."""
    missing = []
    if NGINX is None:
        missing.append("nginx")
    if not PURGE_MODULE.exists():
        missing.append("libnginx-mod-http-cache-purge")
    for tool, package in (("openssl", "openssl"), ("envsubst", "gettext-base")):
        if shutil.which(tool) is None:
            missing.append(package)
    return missing


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unit_command(unit, python, **specifiers):
    """The ExecStart= of one of deploy/systemd/'s units, with its specifiers (%i, %H) filled in."""
    for line in (DEPLOY / "systemd" / unit).read_text().splitlines():
        if line.startswith("ExecStart="):
            command = line.removeprefix("ExecStart=")
            for name, value in specifiers.items():
                command = command.replace(f"%{name}", str(value))
            words = shlex.split(command)
            return [python if word == SERVER_PYTHON else word for word in words]
    raise ValueError(f"{unit} has no ExecStart=")


def wait_until_listening(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} stopped at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


class Proxy:
    """deploy/nginx in front of the app servers at `read` and `send` (host:port), serving these folders."""

    def __init__(self, workdir, *, read, send, static_root, media_root):
        self.dir = Path(workdir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.https_port, self.http_port, self.purge_port = free_port(), free_port(), free_port()
        self.certificate = self.dir / "localhost.pem"
        self.key = self.dir / "localhost.key"
        self.access_log = self.dir / "access.log"
        self.variables = {
            "PD_SERVER_NAME": HOST,
            "PD_HTTP_LISTEN": f"127.0.0.1:{self.http_port}",
            "PD_HTTPS_LISTEN": f"127.0.0.1:{self.https_port}",
            "PD_TLS_CERTIFICATE": str(self.certificate),
            "PD_TLS_CERTIFICATE_KEY": str(self.key),
            "PD_APP_READ": read,
            "PD_APP_SEND": send,
            "PD_PURGE_LISTEN": f"127.0.0.1:{self.purge_port}",
            "PD_STATIC_ROOT": str(static_root),
            "PD_MEDIA_ROOT": str(media_root),
            "PD_CACHE_PATH": str(self.dir / "cache"),
            "PD_ACCESS_LOG": str(self.access_log),
            "PD_RUN_DIR": str(self.dir),
            "PD_NGINX_USER": getpass.getuser(),
        }
        self.process = None

    @property
    def purge_url(self):
        return f"http://127.0.0.1:{self.purge_port}"

    def url(self, path, scheme="https"):
        port = self.https_port if scheme == "https" else self.http_port
        return f"{scheme}://{HOST}:{port}{path}"

    def render(self, template, output):
        env = {**os.environ, **self.variables}
        rendered = subprocess.run(
            [DEPLOY / "render", DEPLOY / "nginx" / template],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (self.dir / output).write_text(rendered)

    def make_certificate(self):
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", self.key, "-out", self.certificate,
                "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def __enter__(self):
        self.make_certificate()
        self.render("protectdefenders.conf.template", "protectdefenders.conf")
        self.render("standalone.conf.template", "nginx.conf")
        command = [NGINX, "-c", str(self.dir / "nginx.conf"), "-p", str(self.dir)]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"nginx refuses deploy/'s configuration:\n{check.stderr}")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for port in (self.https_port, self.http_port, self.purge_port):
            wait_until_listening(port, self.process)
        return self

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finishes requests, flushes the log
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def flush_log(self):
        """Have nginx write its buffered access log now (it reopens its log files on SIGUSR1)."""
        self.process.send_signal(signal.SIGUSR1)
        time.sleep(1)

    # HTTP through the proxy, as a browser would send it -------------------------------------------

    def tls_context(self):
        return ssl.create_default_context(cafile=str(self.certificate))

    def request(self, path, data=None, headers=None, method=None, scheme="https"):
        """The response (errors included) for `path`, read: (status, headers, body)."""
        request = urllib.request.Request(
            self.url(path, scheme), data=data, headers=headers or {}, method=method
        )
        opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=self.tls_context()), NoRedirects()
        )
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
