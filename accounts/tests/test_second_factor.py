"""Two-factor authentication: required for every admin user, enrolled at first sign-in, codes used once."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.demo import DEMO_TOTP_SECRET, ensure_demo_second_factor
from accounts.models import RecoveryCodeDevice, SealedTOTPDevice
from accounts.testing import (
    TEST_TOTP_SECRET,
    authenticator_for,
    code_for,
    login_with_second_factor,
    unused_code,
)
from forms.inboxes import create_inbox, ensure_member_key, seal_submission
from forms.models import Inbox
from forms.session_keys import COOKIE_NAME, member_private_key

from .conftest import ADMIN, PASSWORD, make_user, page_text, sign_in_before_enrolment, sign_in_with_password

FAILED = "Sign-in failed: username, password or code wrong."

ADMIN_URLS = [
    f"{ADMIN}/",
    f"{ADMIN}/pages/",
    f"{ADMIN}/users/",
    f"{ADMIN}/account/",
    f"{ADMIN}/reports/site-history/",
    f"{ADMIN}/inboxes/support/",
    f"{ADMIN}/two-factor/manage/",
    f"{ADMIN}/no-such-admin-page/",
]


def actions_logged(user):
    return list(
        ModelLogEntry.objects.for_instance(user).order_by("timestamp").values_list("action", flat=True)
    )


def test_at_the_first_sign_in_every_admin_url_leads_to_enrolment(superuser):
    client = Client()
    sign_in_before_enrolment(client, superuser)
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{ADMIN}/two-factor/set-up/?next="), url
    # Posting is refused as well, and nothing is done.
    response = client.post(f"{ADMIN}/sign-out-everywhere/")
    assert response["Location"].startswith(f"{ADMIN}/two-factor/set-up/")
    assert client.get(f"{ADMIN}/two-factor/set-up/").status_code == 200


def test_with_an_authenticator_the_password_alone_opens_no_admin_url_and_adds_no_authenticator(superuser):
    authenticator_for(superuser)
    client = Client()
    sign_in_with_password(client, superuser)
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{ADMIN}/login/"), url
    # Someone holding only the password cannot enrol an authenticator of their own.
    response = client.get(f"{ADMIN}/two-factor/set-up/")
    assert response["Location"].startswith(f"{ADMIN}/login/")
    assert client.post(f"{ADMIN}/two-factor/", {"code": ""}).status_code == 200  # the failed sign-in
    assert client.get(f"{ADMIN}/two-factor/set-up/")["Location"].startswith(f"{ADMIN}/login/")
    assert SealedTOTPDevice.objects.filter(user=superuser).count() == 1


def test_a_half_signed_in_session_is_anonymous_on_public_pages(superuser, client):
    authenticator_for(superuser)
    sign_in_with_password(client, superuser)
    response = client.get("/en/")
    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous


def test_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes_once(editor):
    client = Client()
    sign_in_before_enrolment(client, editor)
    page = client.get(f"{ADMIN}/two-factor/set-up/?next={ADMIN}/pages/").content.decode()
    # The QR code is drawn here, not fetched from anywhere.
    assert re.search(r'<img src="data:image/svg\+xml', page)
    assert "http://" not in re.search(r'<img src="([^"]+)"', page).group(1).replace("http://www.w3.org", "")
    secret = re.search(r'<code class="accounts-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    device = SealedTOTPDevice.objects.get(user=editor)
    assert not device.confirmed
    assert device.base32_key == secret
    response = client.post(
        f"{ADMIN}/two-factor/set-up/", {"code": code_for(device), "next": f"{ADMIN}/pages/"}
    )
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-9-]+)</code></li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert f'href="{ADMIN}/pages/"' in response.content.decode()
    assert client.get(f"{ADMIN}/pages/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    # Neither the secret nor any recovery code is stored as such.
    assert bytes(device.sealed_key).find(device.bin_key) == -1
    stored = list(RecoveryCodeDevice.objects.get(user=editor).codes.values_list("digest", flat=True))
    assert len(stored) == 10 and not set(codes) & set(stored)
    assert {"accounts.login", "accounts.device_added", "accounts.recovery_codes"} <= set(
        actions_logged(editor)
    )


def test_a_wrong_code_does_not_enrol(editor):
    client = Client()
    sign_in_before_enrolment(client, editor)
    client.get(f"{ADMIN}/two-factor/set-up/")
    device = SealedTOTPDevice.objects.get(user=editor)
    wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
    response = client.post(f"{ADMIN}/two-factor/set-up/", {"code": wrong})
    assert "This code does not match" in page_text(response)
    assert client.get(f"{ADMIN}/pages/").status_code == 302


def test_totp_secrets_are_encrypted_with_a_key_that_is_not_in_the_database(editor):
    device = authenticator_for(editor)
    assert TEST_TOTP_SECRET not in bytes(device.sealed_key)
    assert device.bin_key == TEST_TOTP_SECRET
    code = code_for(device)
    with override_settings(OTP_SECRET_KEY="another key, as if the database were read elsewhere"):
        stranger_view = SealedTOTPDevice.objects.get(pk=device.pk)
        assert stranger_view.bin_key is None
        assert not stranger_view.verify_token(code)


def test_a_code_is_accepted_once_and_never_replayed(editor):
    device = authenticator_for(editor)
    code = code_for(device)
    first, second = Client(), Client()
    sign_in_with_password(first, editor)
    assert first.post(f"{ADMIN}/two-factor/", {"code": code})["Location"] == f"{ADMIN}/"
    sign_in_with_password(second, editor)
    replay = second.post(f"{ADMIN}/two-factor/", {"code": code})
    assert replay.status_code == 200
    assert FAILED in page_text(replay)
    assert second.get(f"{ADMIN}/pages/")["Location"].startswith(f"{ADMIN}/login/")
    assert first.get(f"{ADMIN}/pages/").status_code == 200
    assert "accounts.login_failed" in actions_logged(editor)


def test_wrong_codes_slow_down_further_tries_without_telling_why(editor):
    device = authenticator_for(editor)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
        for _try in range(2):
            client = Client()
            sign_in_with_password(client, editor)
            assert FAILED in page_text(client.post(f"{ADMIN}/two-factor/", {"code": wrong}))
        # Right after two failures, even the right code waits (1 s, 2 s, 4 s… between tries); the
        # answer is the usual one, which tells nobody that the password was right.
        client = Client()
        sign_in_with_password(client, editor)
        response = client.post(f"{ADMIN}/two-factor/", {"code": code_for(device)})
        assert response.status_code == 200 and FAILED in page_text(response)
        clock.shift(timedelta(seconds=5))
        client = Client()
        sign_in_with_password(client, editor)
        assert client.post(f"{ADMIN}/two-factor/", {"code": unused_code(device)}).status_code == 302


def test_a_recovery_code_signs_in_once(editor):
    authenticator_for(editor)
    codes = RecoveryCodeDevice.new_codes_for(editor)
    first = Client()
    sign_in_with_password(first, editor)
    response = first.post(f"{ADMIN}/two-factor/", {"code": codes[0].upper().replace("-", " ")}, follow=True)
    assert response.status_code == 200
    assert "9 are left" in page_text(response)
    again = Client()
    sign_in_with_password(again, editor)
    assert again.post(f"{ADMIN}/two-factor/", {"code": codes[0]}).status_code == 200
    assert again.get(f"{ADMIN}/")["Location"].startswith(f"{ADMIN}/login/")
    assert "accounts.recovery_code_used" in actions_logged(editor)


def test_new_recovery_codes_replace_the_old_ones(editor):
    client = login_with_second_factor(Client(), editor)
    old = RecoveryCodeDevice.new_codes_for(editor)
    response = client.post(f"{ADMIN}/two-factor/recovery-codes/")
    new = re.findall(r"<li><code>([a-z2-9-]+)</code></li>", response.content.decode())
    assert len(new) == 10
    device = RecoveryCodeDevice.objects.get(user=editor)
    assert not device.verify_token(old[0])
    device.throttle_reset()
    assert device.verify_token(new[0])


def test_the_last_authenticator_cannot_be_removed_but_a_replaced_one_can(editor):
    client = login_with_second_factor(Client(), editor)
    only = SealedTOTPDevice.objects.get(user=editor)
    assert client.post(f"{ADMIN}/two-factor/devices/{only.pk}/remove/").status_code in (302, 403)
    assert SealedTOTPDevice.objects.filter(pk=only.pk).exists()
    new_phone = SealedTOTPDevice.create_for(editor, name="New phone", confirmed=True)
    page = page_text(client.get(f"{ADMIN}/two-factor/manage/"))
    assert "New phone" in page and "Test authenticator" in page
    assert client.post(f"{ADMIN}/two-factor/devices/{only.pk}/remove/").status_code == 302
    assert list(SealedTOTPDevice.objects.filter(user=editor)) == [new_phone]
    assert "accounts.device_removed" in actions_logged(editor)


def test_the_account_page_links_to_two_factor_settings(editor):
    client = login_with_second_factor(Client(), editor)
    assert f'href="{ADMIN}/two-factor/manage/"' in client.get(f"{ADMIN}/account/").content.decode()


def test_the_inbox_key_is_unlocked_only_after_the_second_factor(demo_site):
    member = make_user("inbox-member", ["Support requests"])
    Inbox.objects.filter(kind="support").delete()
    inbox, _recovery = create_inbox("support", members=[ensure_member_key(member, PASSWORD)])
    submission, _receipt = seal_submission(inbox, {"situation": "SECRET-SITUATION"}, [], language="en")
    authenticator_for(member)
    client = Client()
    sign_in_with_password(client, member)
    # The password step has put the (encrypted) key in the session and its key in a cookie…
    assert client.cookies.get(COOKIE_NAME)
    # …but without the second factor it opens nothing, even to code that skips the redirect.
    request = RequestFactory().get(f"{ADMIN}/inboxes/support/")
    request.COOKIES = {COOKIE_NAME: client.cookies[COOKIE_NAME].value}
    request.session = client.session
    request.user = member
    member.is_verified = lambda: False
    assert member_private_key(request) is None
    response = client.get(f"{ADMIN}/inboxes/support/{submission.pk}/")
    assert response.status_code == 302 and "SECRET-SITUATION" not in response.content.decode()
    login_with_second_factor(client, member)
    assert "SECRET-SITUATION" in client.get(f"{ADMIN}/inboxes/support/{submission.pk}/").content.decode()


@override_settings(DEBUG=True)
def test_demo_accounts_get_a_published_authenticator_in_development_only(demo_site, capsys):
    demo = make_user("demo-account", ["Support requests"])
    assert ensure_demo_second_factor(demo)
    assert not ensure_demo_second_factor(demo)  # idempotent, like the demo loader
    call_command("demo_totp")
    code = re.search(r"demo-account: (\d{6})", capsys.readouterr().out).group(1)
    client = Client()
    sign_in_with_password(client, demo)
    assert client.post(f"{ADMIN}/two-factor/", {"code": code})["Location"] == f"{ADMIN}/"


def test_outside_development_demo_codes_are_refused(demo_site):
    demo = get_user_model().objects.create_user("demo-account", password=PASSWORD)
    assert not ensure_demo_second_factor(demo)
    # Even if a demo device reached a production database, its codes would not be accepted.
    device = SealedTOTPDevice.create_for(demo, name="demo", secret=DEMO_TOTP_SECRET, confirmed=True)
    with override_settings(DEBUG=True):
        code = device.current_code()
    assert not device.verify_token(code)
    with pytest.raises(CommandError):
        call_command("demo_totp")


def test_login_and_second_factor_are_logged_without_secrets(editor):
    device = authenticator_for(editor)
    client = Client()
    client.post(f"{ADMIN}/login/", {"username": editor.username, "password": "the wrong password, typed"})
    client.post(f"{ADMIN}/two-factor/", {"code": code_for(device)})
    login_with_second_factor(client, editor, password=PASSWORD)
    assert actions_logged(editor)[-3:] == [
        "accounts.login_failed",
        "accounts.login",
        "accounts.second_factor",
    ]
    logged = str(list(ModelLogEntry.objects.for_instance(editor).values()))
    assert "the wrong password" not in logged and PASSWORD not in logged
    assert timezone.now() - ModelLogEntry.objects.for_instance(editor).latest(
        "timestamp"
    ).timestamp < timedelta(minutes=1)


def test_site_history_shows_account_events_to_administrators(superuser, editor):
    login_with_second_factor(Client(), editor, password=PASSWORD)
    client = login_with_second_factor(Client(), superuser)
    history = page_text(client.get(f"{ADMIN}/reports/site-history/"))
    assert "Second factor verified" in history
    assert "Signed in with the password" in history
