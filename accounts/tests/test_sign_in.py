"""The sign-in tells nothing before the second factor; guesses slow down per account; the owner is told."""

import base64
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import hashers
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone

from accounts import signin
from accounts.models import AccountGuesses
from accounts.testing import authenticator_for, unused_code
from forms import vault
from forms.inboxes import ensure_member_key
from forms.models import MemberKey
from forms.session_keys import COOKIE_NAME, SESSION_KEY
from outbox.models import OutgoingMail
from outbox.sealing import open_message

from .conftest import ADMIN, PASSWORD, make_user, page_text

WRONG = "a wrong password of the same length!"
FAILED = "Sign-in failed: username, password or code wrong."


def step_one(client, username, password):
    return client.post(
        f"{ADMIN}/login/", {"username": username, "password": password, "next": f"{ADMIN}/pages/"}
    )


def without_csrf(html):
    """The page without its CSRF tokens (64 random characters, in the form and in the scripts' settings)."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF-TOKEN", html)


@pytest.fixture
def member(demo_site):
    user = make_user("a-member", ["Support requests"])
    ensure_member_key(user, PASSWORD)
    authenticator_for(user)
    return user


def answers(username, password):
    """What someone without the second factor sees of one try: step 1, then step 2's page."""
    client = Client()
    first = step_one(client, username, password)
    second = client.get(first["Location"])
    return client, first, second


def test_a_right_password_alone_gets_the_same_answer_as_a_wrong_one_or_an_unknown_name(member):
    seen = [
        answers(member.username, PASSWORD),
        answers(member.username, WRONG),
        answers("no-such-user", WRONG),
    ]
    (_c, right, right_page), *others = seen
    assert right.status_code == 302
    assert right["Location"] == f"{ADMIN}/two-factor/?next=%2F{ADMIN.strip('/')}%2Fpages%2F"
    for _client, first, second in others:
        assert first.status_code == right.status_code and first["Location"] == right["Location"]
        # The same cookies, with the same attributes (values are random either way).
        assert sorted(first.cookies) == sorted(right.cookies) == sorted([COOKIE_NAME, "sessionid"])
        for name in first.cookies:
            for attribute in ("max-age", "path", "httponly", "samesite", "secure"):
                assert first.cookies[name][attribute] == right.cookies[name][attribute]
        assert second.status_code == right_page.status_code == 200
        assert without_csrf(second.content.decode()) == without_csrf(right_page.content.decode())
    # Nobody is signed in yet, whatever the password: the admin is closed to all three.
    for client, _first, _second in seen:
        assert client.get(f"{ADMIN}/pages/")["Location"].startswith(f"{ADMIN}/login/")


def test_every_failure_of_the_second_step_looks_the_same(member):
    wrong_code = f"{(int(unused_code(authenticator_for(member))) + 1) % 1000000:06d}"
    pages = []
    for username, password in [
        (member.username, PASSWORD),
        (member.username, WRONG),
        ("no-such-user", WRONG),
    ]:
        client, first, _page = answers(username, password)
        response = client.post(first["Location"], {"code": wrong_code, "next": f"{ADMIN}/pages/"})
        assert response.status_code == 200
        assert FAILED in page_text(response)
        assert response.cookies[COOKIE_NAME].value == ""  # the key held for the try is dropped
        assert client.get(f"{ADMIN}/pages/").status_code == 302
        pages.append(without_csrf(response.content.decode()))
    assert pages[0] == pages[1] == pages[2]


def test_right_and_wrong_passwords_cost_the_same_work(member, monkeypatch):
    """The same costly steps run (timing is measured by scripts/bench_sign_in.py, not here)."""
    calls = []
    derive = vault.derive_password_key
    monkeypatch.setattr(
        vault, "derive_password_key", lambda *a, **k: calls.append("argon2id") or derive(*a, **k)
    )
    encode = hashers.MD5PasswordHasher.encode
    monkeypatch.setattr(
        hashers.MD5PasswordHasher,
        "encode",
        lambda self, *a: calls.append("password hash") or encode(self, *a),
    )
    work = {}
    for label, username, password in [
        ("right", member.username, PASSWORD),
        ("wrong", member.username, WRONG),
        ("unknown", "no-such-user", WRONG),
    ]:
        calls.clear()
        step_one(Client(), username, password)
        work[label] = sorted(calls)
    assert work["right"] == work["wrong"] == work["unknown"] == ["argon2id", "password hash"]


def test_a_right_password_and_code_sign_in_and_open_the_inbox_key(member):
    client = Client()
    first = step_one(client, member.username, PASSWORD)
    response = client.post(first["Location"], {"code": unused_code(authenticator_for(member))})
    assert response.status_code == 302 and response["Location"] == f"{ADMIN}/pages/"
    assert client.get(f"{ADMIN}/").status_code == 200
    session = Session.objects.get(session_key=client.cookies["sessionid"].value).get_decoded()
    assert signin.PENDING not in session  # the pending step is gone; the password was never in it
    assert PASSWORD not in str(session)
    private = vault.release_from_session(
        base64.urlsafe_b64decode(client.cookies[COOKIE_NAME].value), base64.b64decode(session[SESSION_KEY])
    )
    member_key = MemberKey.objects.get(user=member)
    assert bytes(vault.PrivateKey(private).public_key) == bytes(member_key.public_key)


def test_a_first_sign_in_without_a_second_factor_leads_to_enrolment(demo_site):
    newcomer = make_user("newcomer", ["Editors"])
    client = Client()
    first = step_one(client, newcomer.username, PASSWORD)
    response = client.post(first["Location"], {"code": ""})
    assert response["Location"].startswith(f"{ADMIN}/two-factor/set-up/")
    assert client.get(f"{ADMIN}/pages/")["Location"].startswith(f"{ADMIN}/two-factor/set-up/")


def test_the_second_step_needs_the_first(demo_site):
    client = Client()
    response = client.post(f"{ADMIN}/two-factor/", {"code": "123456"})
    assert response["Location"].startswith(f"{ADMIN}/login/")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first = step_one(client, "someone", WRONG)
        clock.shift(timedelta(minutes=11))  # too late: step 1 again
        assert client.post(first["Location"], {"code": "123456"})["Location"].startswith(f"{ADMIN}/login/")


def fail(client, username, password=WRONG):
    first = step_one(client, username, password)
    if first.status_code != 302:
        return first
    return client.post(first["Location"], {"code": "000000"})


@override_settings(AXES_FAILURE_LIMIT=1000)
def test_failures_from_many_clients_slow_that_account_down_but_never_lock_it(member):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for number in range(3):  # three free failures, each from another Tor circuit
            assert FAILED in page_text(fail(Client(REMOTE_ADDR=f"198.51.100.{number}"), member.username))
        assert FAILED in page_text(fail(Client(REMOTE_ADDR="198.51.100.50"), member.username))
        # The fourth failure makes the next try, from anywhere, wait 2 seconds.
        waiting = step_one(Client(REMOTE_ADDR="198.51.100.60"), member.username, WRONG)
        assert waiting.status_code == 429
        assert "wait 2 seconds" in page_text(waiting)
        # Many more failures: the wait grows, but never beyond 30 seconds.
        for number in range(20):
            clock.shift(timedelta(seconds=31))
            fail(Client(REMOTE_ADDR=f"203.0.113.{number}"), member.username)
        waiting = step_one(Client(REMOTE_ADDR="192.0.2.1"), member.username, PASSWORD)
        assert waiting.status_code == 429 and "wait 30 seconds" in page_text(waiting)
        # Other accounts are not slowed down.
        other = make_user("other-member", ["Editors"])
        assert step_one(Client(), other.username, PASSWORD).status_code == 302
        # The owner, 30 seconds later, signs in from their usual place; that clears the count.
        clock.shift(timedelta(seconds=30))
        home = Client(REMOTE_ADDR="192.0.2.1")
        first = step_one(home, member.username, PASSWORD)
        assert first.status_code == 302
        assert (
            home.post(first["Location"], {"code": unused_code(authenticator_for(member))}).status_code == 302
        )
        assert step_one(Client(), member.username, WRONG).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=1000)
def test_an_unknown_name_is_slowed_down_like_an_account(demo_site):
    with time_machine.travel(timezone.now(), tick=False):
        for number in range(4):
            fail(Client(REMOTE_ADDR=f"198.51.100.{number}"), "nobody-here")
        assert step_one(Client(), "nobody-here", WRONG).status_code == 429
    assert not AccountGuesses.objects.filter(username_digest__contains="nobody").exists()


@override_settings(AXES_FAILURE_LIMIT=1000)
def test_the_owner_is_mailed_once_a_day_after_repeated_failures_without_any_detail(member):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for number in range(4):
            clock.shift(timedelta(seconds=31))
            fail(Client(REMOTE_ADDR=f"198.51.100.{number}"), member.username)
        assert not OutgoingMail.objects.filter(purpose=signin.OWNER_MAIL_PURPOSE).exists()
        for number in range(10):
            clock.shift(timedelta(seconds=31))
            fail(Client(REMOTE_ADDR=f"203.0.113.{number}"), member.username)
        mails = list(OutgoingMail.objects.filter(purpose=signin.OWNER_MAIL_PURPOSE))
        assert len(mails) == 1
        message = open_message(mails[0].sealed_message)
        assert message["to"] == [member.email] or message["to"] == member.email
        assert "5 times" in message["text"] and member.username in message["text"]
        for secret in (WRONG, "198.51.100", "203.0.113", PASSWORD):
            assert secret not in message["text"] and secret not in message["subject"]
        clock.shift(timedelta(days=1, minutes=1))
        for number in range(5):
            clock.shift(timedelta(seconds=31))
            fail(Client(REMOTE_ADDR=f"192.0.2.{number}"), member.username)
        assert OutgoingMail.objects.filter(purpose=signin.OWNER_MAIL_PURPOSE).count() == 2


def test_the_failure_is_told_in_the_readers_language(member):
    """Needs the translations in locale-pending/signin.json merged into the catalogues."""
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    first = step_one(client, member.username, WRONG)
    response = client.post(first["Location"], {"code": "000000"})
    assert "Échec de la connexion : nom d’utilisateur, mot de passe ou code erroné." in page_text(response)


@override_settings(AXES_FAILURE_LIMIT=1000)
def test_tries_started_side_by_side_still_wait_their_turn(member):
    """Step 1 done many times before any failure is counted: each step 2 still waits for the delay."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        started = []
        for number in range(6):
            client = Client(REMOTE_ADDR=f"198.51.100.{number}")
            started.append((client, step_one(client, member.username, WRONG)["Location"]))
        answers = [client.post(location, {"code": "000000"}) for client, location in started]
        assert [response.status_code for response in answers] == [200, 200, 200, 200, 429, 429]
        assert "wait 2 seconds" in page_text(answers[4])
        clock.shift(timedelta(seconds=2))
        client, location = started[4]
        assert FAILED in page_text(client.post(location, {"code": "000000"}))  # judged after the wait


def test_the_passkey_step_needs_the_first_and_names_no_passkey_of_the_account(member):
    begin = f"{ADMIN}/passkeys/sign-in/begin/"
    assert Client().post(begin, content_type="application/json").status_code == 403
    options = []
    for username, password in [
        (member.username, PASSWORD),
        (member.username, WRONG),
        ("no-such-user", WRONG),
    ]:
        client = Client()
        step_one(client, username, password)
        response = client.post(begin, content_type="application/json")
        assert response.status_code == 200
        options.append({key: value for key, value in response.json().items() if key != "challenge"})
    # Any passkey of this site is asked for: the same options whoever typed what.
    assert options[0] == options[1] == options[2]
    assert not options[0].get("allowCredentials")


def test_a_failed_passkey_try_is_a_failed_sign_in_like_any_other(member):
    client = Client()
    step_one(client, member.username, PASSWORD)
    client.post(f"{ADMIN}/passkeys/sign-in/begin/", content_type="application/json")
    response = client.post(
        f"{ADMIN}/passkeys/sign-in/complete/", {"id": "not-a-passkey"}, content_type="application/json"
    )
    assert response.status_code == 403 and response.json()["detail"] == FAILED
    assert client.get(f"{ADMIN}/")["Location"].startswith(f"{ADMIN}/login/")
    assert AccountGuesses.objects.get(username_digest=signin.username_digest(member.username)).failures == 1
