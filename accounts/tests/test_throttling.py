"""Login throttling: by username and client together, with a cool-off, keeping no address or password."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from .conftest import ADMIN, PASSWORD, make_user, page_text

TOR_EXIT = "198.51.100.7"  # one address shared by many people
HOME = "203.0.113.20"
WRONG = "not-my-password-but-close"


@pytest.fixture(autouse=True)
def without_the_per_account_delay(settings):
    """These tests are about the per-client pause; the per-account delay is tested in test_sign_in."""
    settings.SIGN_IN_FREE_FAILURES = 1000


def attempt(client, user, password):
    """A whole try: the password, then the second step (no code: these accounts have none yet,
    so a right password leads to enrolment)."""
    response = client.post(f"{ADMIN}/login/", {"username": user.username, "password": password})
    if response.status_code != 302:
        return response
    return client.post(response["Location"], {"code": ""})


def fail_five_times(client, user):
    for _try in range(4):
        response = attempt(client, user, WRONG)
        assert response.status_code == 200  # "Sign-in failed: username, password or code wrong."
    response = attempt(client, user, WRONG)
    assert response.status_code == 429  # the fifth failure pauses the account for this client
    return response


def test_five_failures_pause_that_account_from_that_client_and_say_until_when(demo_site):
    alice = make_user("alice", ["Editors"])
    attacker = Client(REMOTE_ADDR=TOR_EXIT)
    fail_five_times(attacker, alice)
    locked = attempt(attacker, alice, PASSWORD)  # even the right password
    assert locked.status_code == 429
    text = page_text(locked)
    retry = re.search(r"Try again after (\d\d:\d\d) \(in (\d+) minutes\)", text)
    assert retry, text
    assert int(retry.group(2)) == 15
    expected = timezone.localtime(timezone.now() + timedelta(minutes=15))
    assert retry.group(1) in {
        expected.strftime("%H:%M"),
        (expected - timedelta(minutes=1)).strftime("%H:%M"),
    }
    assert "_auth_user_id" not in attacker.session


def test_a_shared_tor_exit_cannot_lock_out_other_staff_or_the_same_person_elsewhere(demo_site):
    alice = make_user("alice", ["Editors"])
    bob = make_user("bob", ["Editors"])
    attacker = Client(REMOTE_ADDR=TOR_EXIT)
    fail_five_times(attacker, alice)
    assert attempt(attacker, alice, PASSWORD).status_code == 429
    # Bob signs in through the same Tor exit…
    assert attempt(Client(REMOTE_ADDR=TOR_EXIT), bob, PASSWORD).status_code == 302
    # …and Alice from home.
    assert attempt(Client(REMOTE_ADDR=HOME), alice, PASSWORD).status_code == 302


def test_the_pause_ends_after_the_cool_off(demo_site):
    alice = make_user("alice", ["Editors"])
    client = Client(REMOTE_ADDR=TOR_EXIT)
    fail_five_times(client, alice)
    assert attempt(client, alice, PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=14), tick=False):
        assert attempt(client, alice, PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        assert attempt(client, alice, PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(demo_site):
    alice = make_user("alice", ["Editors"])
    client = Client(REMOTE_ADDR=HOME)
    for _try in range(4):
        attempt(client, alice, WRONG)
    assert attempt(client, alice, PASSWORD).status_code == 302
    other = Client(REMOTE_ADDR=HOME)
    for _try in range(4):
        attempt(other, alice, WRONG)
    assert attempt(other, alice, PASSWORD).status_code == 302


def test_failures_are_recorded_without_address_browser_or_password(demo_site, caplog):
    alice = make_user("alice", ["Editors"])
    client = Client(
        REMOTE_ADDR=TOR_EXIT, HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0; rv:128.0) Firefox/128.0"
    )
    with caplog.at_level(logging.DEBUG):
        fail_five_times(client, alice)
        attempt(client, alice, PASSWORD)
        attempt(Client(REMOTE_ADDR=HOME), alice, PASSWORD)
    attempts = list(AccessAttempt.objects.values())
    assert attempts
    for row in attempts:
        stored = str(row)
        assert TOR_EXIT not in stored and HOME not in stored
        assert row["ip_address"].startswith("fd")  # a daily keyed hash shaped as an address
        assert "Firefox" not in stored
        assert WRONG not in stored and PASSWORD not in stored
    assert not AccessLog.objects.exists()  # successful sign-ins leave no client record
    logs = caplog.text + str(list(ModelLogEntry.objects.for_instance(alice).values()))
    assert WRONG not in logs and PASSWORD not in logs and TOR_EXIT not in logs
    actions = set(ModelLogEntry.objects.for_instance(alice).values_list("action", flat=True))
    assert {"accounts.login_failed", "accounts.locked_out", "accounts.login"} <= actions


def test_the_pause_is_explained_in_the_admin_language(demo_site):
    alice = make_user("alice", ["Editors"])
    client = Client(REMOTE_ADDR=TOR_EXIT, HTTP_ACCEPT_LANGUAGE="fr")
    fail_five_times(client, alice)
    locked = attempt(client, alice, PASSWORD)
    assert locked.status_code == 429
    assert re.search(r'<html[^>]* lang="fr"', locked.content.decode())
