import os

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.test.testcases import LiveServerThread

from tests.browser import CHROMIUM, chromium


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
