"""Shared fixtures: the demo site is loaded once into the test database, as `make run` loads it."""

import os

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread
from django.test.utils import setup_databases, teardown_databases

from tests.browser import CHROMIUM, chromium


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_keepdb):
    """Create the test database whichever tests were collected, then load the demo site into it.

    pytest-django's own fixture creates it only when a collected test is marked for the database;
    the browser tests use it through a server thread without that mark.
    """
    with django_db_blocker.unblock():
        databases = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            keepdb=django_db_keepdb,
            aliases={"default"},
        )
        call_command("load_demo_content", verbosity=0)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(databases, verbosity=request.config.option.verbose)


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts with no cached page or layout: one cached by an earlier test may show data that
    the earlier test's rollback has since removed (see website/page_cache.py)."""
    from website.page_cache import content_changed

    content_changed()
    yield


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request through the test client leaves its language active."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def demo_site(db):
    """The demo site in every language (loaded once per session; each test's changes roll back)."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


# Browser tests, in any app, share one Chromium and one live server.


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def live_site(django_db_setup, django_db_blocker):
    """The demo site (loaded once per session) behind a real HTTP server on this machine.

    Not pytest-django's live_server: that one makes every test transactional and flushes the
    database after each, which would delete the demo site. Tests using this server must undo
    what they change.
    """
    with django_db_blocker.unblock():
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://127.0.0.1:{server.port}"
        server.terminate()
        connections.close_all()


# Mail: a real SMTP server on this machine (aiosmtpd), with Django's settings pointed at it.


class SMTPServer:
    """An aiosmtpd server that keeps what it receives; it can be stopped and started on the same port."""

    def __init__(self):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.messages = []
        self.controller = None

    def start(self):
        import email
        import email.policy

        from aiosmtpd.controller import Controller

        server = self

        class Keep:
            async def handle_DATA(self, smtp, session, envelope):
                message = email.message_from_bytes(envelope.content, policy=email.policy.default)
                message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
                server.messages.append(message)
                return "250 OK"

        self.controller = Controller(Keep(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(settings):
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, signed in as every admin user must be: password and second factor."""
    from accounts.testing import login_with_second_factor

    return login_with_second_factor(client, admin_user)
