"""`manage.py check --deploy` fails without a public base URL for links in mail, or with a local one,
and warns when a proxy is in front but TRUSTED_PROXY_HOPS does not describe it."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks

# `check --deploy` also looks in the database for the demo's accounts (accounts.checks).
pytestmark = pytest.mark.django_db


def deploy_check_ids():
    return {
        message.id
        for message in run_checks(include_deployment_checks=True)
        if message.id.startswith("website.")
    }


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", "website.E001"),
        ("protectdefenders.eu", "website.E001"),  # no scheme: not a base for links
        ("http://localhost", "website.E002"),
        ("http://localhost:8000", "website.E002"),
        ("http://127.0.0.1:8000", "website.E002"),
        ("http://[::1]:8000", "website.E002"),
        ("https://www.localhost", "website.E002"),
        ("https://protectdefenders.eu", None),
        ("https://example.org:8443", None),
    ],
)
def test_the_public_base_url_must_name_the_public_site(settings, url, expected):
    settings.PUBLIC_BASE_URL = url
    settings.SECURE_PROXY_SSL_HEADER = None
    ids = deploy_check_ids()
    assert ids == ({expected} if expected else set())


@pytest.mark.parametrize(("hops", "warned"), [(0, True), (1, False), (2, False)])
def test_behind_a_proxy_trusted_hops_must_be_set(settings, hops, warned):
    settings.PUBLIC_BASE_URL = "https://protectdefenders.eu"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_HOPS = hops
    assert ("website.W001" in deploy_check_ids()) is warned


def test_no_proxy_no_warning(settings):
    settings.PUBLIC_BASE_URL = "https://protectdefenders.eu"
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.TRUSTED_PROXY_HOPS = 0
    assert deploy_check_ids() == set()


def check_deploy(**environment):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PUBLIC_BASE_URL", "TRUSTED_PROXY_HOPS", "DATABASE_URL")
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "k3Y-" + "x1y2z3" * 10,
        "ALLOWED_HOSTS": "example.org",
    } | environment
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_settings_fail_the_deploy_check_until_both_are_set():
    missing = check_deploy()
    assert missing.returncode != 0
    assert "website.E001" in missing.stderr and "website.W001" in missing.stderr
    # What `make check-deploy` passes:
    assert check_deploy(PUBLIC_BASE_URL="https://example.org", TRUSTED_PROXY_HOPS="1").returncode == 0
