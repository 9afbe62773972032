"""Admin sessions: 2 hours idle at most, gone when the browser closes, and "sign out everywhere"."""

import importlib
import sys
from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.testing import login_with_second_factor
from forms.session_keys import COOKIE_NAME

from .conftest import ADMIN, PASSWORD, make_user


def test_two_hours_without_a_request_end_the_session(editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = login_with_second_factor(Client(), editor, password=PASSWORD)
        # Working keeps the session alive: each request starts the two hours again.
        for _hour in range(3):
            clock.shift(timedelta(minutes=110))
            assert client.get(f"{ADMIN}/pages/").status_code == 200
        clock.shift(timedelta(minutes=121))
        response = client.get(f"{ADMIN}/pages/")
        assert response.status_code == 302
        assert response["Location"].startswith(f"{ADMIN}/login/")


def test_the_session_cookie_ends_with_the_browser_and_the_key_cookie_with_the_idle_time(editor):
    client = Client()
    response = client.post(f"{ADMIN}/login/", {"username": editor.username, "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]
    assert cookie["httponly"]
    # The inbox key's cookie half lives no longer than an idle session (each request renews both).
    key_cookie = response.cookies[COOKIE_NAME]
    assert key_cookie["max-age"] == 2 * 60 * 60
    assert key_cookie["httponly"] and key_cookie["samesite"] == "Strict"


def test_production_cookies_are_secure_and_strictly_same_site(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org")
    sys.modules.pop("website.settings.production", None)
    production = importlib.import_module("website.settings.production")
    sys.modules.pop("website.settings.production", None)
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_SAMESITE == "Strict"
    assert production.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert production.SESSION_EXPIRE_AT_BROWSER_CLOSE and production.SESSION_SAVE_EVERY_REQUEST


def test_public_pages_start_no_session(client, demo_site):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_sign_out_everywhere_ends_every_session_of_that_account_only(editor):
    laptop = login_with_second_factor(Client(), editor, password=PASSWORD)
    office = login_with_second_factor(Client(), editor, password=PASSWORD)
    colleague = login_with_second_factor(Client(), make_user("colleague", ["Editors"]), password=PASSWORD)
    response = laptop.post(f"{ADMIN}/sign-out-everywhere/")
    assert response.status_code == 302 and response["Location"] == f"{ADMIN}/login/"
    assert response.cookies[COOKIE_NAME].value == ""  # the inbox key's cookie half is dropped too
    for client in (laptop, office):
        assert client.get(f"{ADMIN}/pages/")["Location"].startswith(f"{ADMIN}/login/")
    assert colleague.get(f"{ADMIN}/pages/").status_code == 200
    remaining = [session.get_decoded().get("_auth_user_id") for session in Session.objects.all()]
    assert str(editor.pk) not in remaining
    assert ModelLogEntry.objects.for_instance(editor).filter(action="accounts.sign_out_everywhere").exists()


def test_sign_out_everywhere_is_on_the_two_factor_page_and_needs_a_post(editor):
    client = login_with_second_factor(Client(), editor)
    assert (
        'action="/admin/sign-out-everywhere/"' in client.get(f"{ADMIN}/two-factor/manage/").content.decode()
    )
    assert client.get(f"{ADMIN}/sign-out-everywhere/").status_code == 405
    assert client.get(f"{ADMIN}/pages/").status_code == 200
