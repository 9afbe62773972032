"""The demo cannot leak into production; production hashes passwords at least as hard as the key wrapping."""

import importlib
import io
import re
import sys
from contextlib import redirect_stdout

import nacl.pwhash
import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from accounts.checks import DEMO_ACCOUNT, DEMO_GRANT, no_demo_accounts
from accounts.demo import ensure_demo_second_factor
from accounts.hashers import StrongArgon2PasswordHasher
from forms import demo
from forms.inboxes import create_inbox, ensure_member_key
from forms.models import Inbox

from .conftest import PASSWORD, make_user

RECOVERY_KEY = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){5,}")


def production_settings(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org")
    sys.modules.pop("website.settings.production", None)
    try:
        return importlib.import_module("website.settings.production")
    finally:
        sys.modules.pop("website.settings.production", None)


def deploy_errors():
    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    return {message.id for message in found}


def test_check_deploy_fails_while_a_demo_account_or_a_grant_to_one_exists(demo_site):
    assert not {DEMO_ACCOUNT, DEMO_GRANT} & deploy_errors()
    staff = make_user("real-member", ["Support requests"])
    Inbox.objects.filter(kind="support").delete()
    create_inbox("support", members=[ensure_member_key(staff, PASSWORD)])
    assert not {DEMO_ACCOUNT, DEMO_GRANT} & deploy_errors()
    # A database built in development, with the demo member holding an inbox's key.
    demo_member = make_user(demo.DEMO_MEMBER, ["Support requests"])
    Inbox.objects.filter(kind="feedback").delete()
    create_inbox("feedback", members=[ensure_member_key(demo_member, PASSWORD)])
    assert {DEMO_ACCOUNT, DEMO_GRANT} <= deploy_errors()
    with pytest.raises(SystemCheckError, match=DEMO_ACCOUNT):
        call_command("check", "--deploy", "--tag", "security")


def test_any_account_with_the_published_demo_authenticator_counts_as_demo(demo_site):
    renamed = make_user("renamed-demo", ["Editors"])
    with override_settings(DEBUG=True):
        ensure_demo_second_factor(renamed)
    assert [error.id for error in no_demo_accounts()] == [DEMO_ACCOUNT]


def test_the_deploy_check_says_so_when_the_database_cannot_be_searched(demo_site, monkeypatch):
    from django.db import OperationalError

    def unavailable():
        raise OperationalError("connection refused")

    monkeypatch.setattr("accounts.checks.demo_accounts", unavailable)
    assert [message.level for message in no_demo_accounts()] == [checks.INFO]


class Loader:
    def __init__(self):
        self.said = []

    def say(self, message):
        self.said.append(message)


def test_the_demo_loader_refuses_inboxes_with_production_settings(demo_site):
    Inbox.objects.all().delete()
    loader = Loader()
    with override_settings(DEBUG=False, DEMO_INBOXES=False):
        demo.ensure_inboxes(loader)
    assert not Inbox.objects.exists()
    assert "create_inbox" in " ".join(loader.said)


def test_the_demo_loader_never_prints_a_recovery_key(demo_site):
    Inbox.objects.all().delete()
    loader, printed = Loader(), io.StringIO()
    with override_settings(DEBUG=True, DEMO_INBOXES=True), redirect_stdout(printed):
        demo.ensure_inboxes(loader)
    assert Inbox.objects.count() == 3
    said = " ".join(loader.said) + printed.getvalue()
    assert "inbox" in said and not RECOVERY_KEY.search(said)


def test_production_hashes_passwords_with_argon2id_no_cheaper_than_the_member_key_wrapping(monkeypatch):
    production = production_settings(monkeypatch)
    assert production.PASSWORD_HASHERS[0] == "accounts.hashers.StrongArgon2PasswordHasher"
    # The older hashers stay, after it, so that existing hashes still work and are re-made at sign-in.
    assert "django.contrib.auth.hashers.ScryptPasswordHasher" in production.PASSWORD_HASHERS[1:]
    # No cheaper than the member-key wrapping at libsodium's "moderate" limits (3 passes, 256 MiB).
    hasher = StrongArgon2PasswordHasher()
    assert hasher.time_cost >= nacl.pwhash.argon2id.OPSLIMIT_MODERATE
    assert hasher.memory_cost * 1024 >= nacl.pwhash.argon2id.MEMLIMIT_MODERATE
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (3, 262144, 1)


@override_settings(
    PASSWORD_HASHERS=[
        "accounts.hashers.StrongArgon2PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    ]
)
def test_an_older_password_hash_is_remade_with_argon2id_at_sign_in(demo_site):
    user = make_user("old-hash", ["Editors"])
    user.password = make_password(PASSWORD, hasher="scrypt")
    user.save()
    assert user.check_password(PASSWORD)
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert "m=262144,t=3,p=1" in user.password
    assert check_password(PASSWORD, user.password)
