"""Under `make run` (DEBUG on), readers see the site's own 404 and 500 pages, not Django's technical ones."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path

from website.urls import urlpatterns as site_urlpatterns

DEV_MIDDLEWARE = [
    *settings.MIDDLEWARE[:-1],
    "website.dev_error_pages.SiteErrorPagesMiddleware",
    settings.MIDDLEWARE[-1],
]


def crash(request):
    raise RuntimeError("a bug in a view")


# This module is the URLconf of the tests below: the site's URLs, its error handlers, and one broken view.
handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"
urlpatterns = [path("broken/", crash), *site_urlpatterns]


@pytest.fixture
def development(settings):
    settings.DEBUG = True
    settings.MIDDLEWARE = DEV_MIDDLEWARE
    settings.ROOT_URLCONF = __name__


def test_a_page_not_yet_translated_shows_the_translated_404_with_the_english_link(development, demo_site):
    response = Client().get("/fa/security-advice/")
    body = response.content.decode()
    assert response.status_code == 404
    assert 'lang="fa"' in body and 'dir="rtl"' in body
    assert 'href="/en/security-advice/"' in body
    assert "technical_404" not in body and "Django tried these URL patterns" not in body


def test_an_address_that_matches_no_url_shows_the_site_404(development, demo_site):
    response = Client().get("/en/no-such-page/at-all/")
    assert response.status_code == 404
    assert "Django tried these URL patterns" not in response.content.decode()
    assert "<title>" in response.content.decode() and 'lang="en"' in response.content.decode()


def test_a_crash_shows_the_site_500_and_logs_the_traceback(development, demo_site, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "a bug in a view" not in body and "Traceback" not in body
    assert 'lang="en"' in body
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info and "a bug in a view" in str(record.exc_info[1])


def test_without_the_development_setting_debug_still_shows_its_technical_404(settings, demo_site):
    """The middleware is what makes the difference (TECHNICAL_ERROR_PAGES=1 leaves it out)."""
    settings.DEBUG = True
    settings.ROOT_URLCONF = __name__
    response = Client().get("/en/no-such-page/at-all/")
    assert response.status_code == 404
    assert (
        "Django tried these URL patterns" in response.content.decode()
        or "Raised by" in response.content.decode()
    )


def test_make_run_settings_use_the_site_error_pages_the_mail_folder_and_immediate_sqlite():
    """Read in a process of their own, as `make run` reads them (no DATABASE_URL: SQLite)."""
    code = (
        "import json; from website.settings import dev; "
        "print(json.dumps({'middleware': dev.MIDDLEWARE, 'mail': dev.EMAIL_BACKEND, "
        "'folder': str(dev.EMAIL_FILE_PATH.relative_to(dev.BASE_DIR)), "
        "'options': dev.DATABASES['default']['OPTIONS']}))"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "TECHNICAL_ERROR_PAGES", "EMAIL_FILE_PATH")
    }
    output = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    dev = json.loads(output)
    assert "website.dev_error_pages.SiteErrorPagesMiddleware" in dev["middleware"]
    assert dev["middleware"][-1] == "axes.middleware.AxesMiddleware"
    assert dev["mail"] == "outbox.dev_mail.MailFolderBackend"
    assert dev["folder"] == "sent-mail"
    assert dev["options"]["transaction_mode"] == "IMMEDIATE" and dev["options"]["timeout"] >= 20
    assert "journal_mode=WAL" in dev["options"]["init_command"]
