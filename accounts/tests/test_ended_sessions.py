"""Ended sessions open nothing: a database copy plus the inbox-key cookie of an ended session."""

import base64
import contextlib
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.tasks import purge_ended_sessions
from accounts.testing import login_with_second_factor
from forms import vault
from forms.inboxes import create_inbox, ensure_member_key, seal_submission
from forms.models import Inbox
from forms.session_keys import COOKIE_NAME, SESSION_KEY

from .conftest import ADMIN, PASSWORD, make_user

SECRET = "SITUATION-ONLY-MEMBERS-READ"


@pytest.fixture
def member_and_request(demo_site):
    member = make_user("inbox-member", ["Support requests"])
    Inbox.objects.filter(kind="support").delete()
    inbox, _recovery = create_inbox("support", members=[ensure_member_key(member, PASSWORD)])
    submission, _receipt = seal_submission(inbox, {"situation": SECRET}, [], language="en")
    return member, submission


def database_copy_opens(cookie_value):
    """Everything a thief holding this cookie and a copy of the session table could unlock."""
    cookie_key = base64.urlsafe_b64decode(cookie_value)
    opened = []
    for session in Session.objects.all():  # expired rows included: a copy has them all
        blob = session.get_decoded().get(SESSION_KEY)
        if blob:
            with contextlib.suppress(vault.VaultError):
                opened.append(vault.release_from_session(cookie_key, base64.b64decode(blob)))
    return opened


def signed_in_member(member, submission):
    client = login_with_second_factor(Client(), member, password=PASSWORD)
    page = client.get(f"{ADMIN}/inboxes/support/{submission.pk}/")
    assert SECRET in page.content.decode()
    cookie = client.cookies[COOKIE_NAME].value
    assert database_copy_opens(cookie)  # while the session lives, the two halves open the key
    return client, cookie


def stolen_cookie_reads(cookie, session_key, submission):
    thief = Client()
    thief.cookies["sessionid"] = session_key
    thief.cookies[COOKIE_NAME] = cookie
    thief.cookies[COOKIE_NAME]["path"] = f"/{settings.ADMIN_PATH}/"
    return SECRET in thief.get(f"{ADMIN}/inboxes/support/{submission.pk}/").content.decode()


def test_after_signing_out_the_cookie_and_a_database_copy_open_nothing(member_and_request):
    member, submission = member_and_request
    client, cookie = signed_in_member(member, submission)
    session_key = client.cookies["sessionid"].value
    client.post(f"{ADMIN}/logout/")
    assert database_copy_opens(cookie) == []
    assert not stolen_cookie_reads(cookie, session_key, submission)


def test_after_sign_out_everywhere_no_session_of_the_account_is_left(member_and_request):
    member, submission = member_and_request
    laptop, laptop_cookie = signed_in_member(member, submission)
    office, office_cookie = signed_in_member(member, submission)
    laptop_session = laptop.cookies["sessionid"].value
    office.post(f"{ADMIN}/sign-out-everywhere/")
    for cookie in (laptop_cookie, office_cookie):
        assert database_copy_opens(cookie) == []
    assert not stolen_cookie_reads(laptop_cookie, laptop_session, submission)
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(member.pk)]


def test_expired_sessions_are_deleted_by_the_worker_and_then_open_nothing(member_and_request):
    member, submission = member_and_request
    assert settings.PERIODIC_TASKS["accounts.tasks.purge_ended_sessions"] <= 3600
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        idle, idle_cookie = signed_in_member(member, submission)
        clock.shift(timedelta(minutes=90))
        busy, busy_cookie = signed_in_member(member, submission)
        clock.shift(timedelta(minutes=31))  # the first session has been idle for 2 h 1 min
        purge_ended_sessions.call()
        assert database_copy_opens(idle_cookie) == []
        assert not stolen_cookie_reads(idle_cookie, idle.cookies["sessionid"].value, submission)
        # The session still in use is untouched.
        assert SECRET in busy.get(f"{ADMIN}/inboxes/support/{submission.pk}/").content.decode()
        assert database_copy_opens(busy_cookie)
