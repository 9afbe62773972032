"""Passkeys in a real browser: Chromium's virtual authenticator (CDP's WebAuthn domain) plays the key.

Enrol a passkey from the account page, sign out, sign in with password and passkey, read a request.
WebAuthn needs a secure context and a domain name as relying party ID: `http://localhost` is both
(`http://127.0.0.1`, the live server's own address, is neither a domain nor accepted as an RP ID).
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.passkeys import Passkey
from accounts.testing import authenticator_for, sign_in_in_browser
from forms import vault
from forms.inboxes import ensure_member_key, seal_submission
from forms.models import Inbox, InboxKeyGrant
from tests.browser import OffsiteRequests

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser
SECRET = "A SITUATION READ AFTER A PASSKEY"


@pytest.fixture
def member_with_request(django_db_blocker):
    """A member holding the support inbox's key, and a request in it. The live site's demo inbox is
    shared by every browser test: its key pair is swapped for one the member holds, then put back."""
    with django_db_blocker.unblock():
        get_user_model().objects.filter(username="passkey-member").delete()  # left by an interrupted run
        member = make_user("passkey-member", ["Support requests"])
        inbox = Inbox.objects.get(kind="support")
        demo_public_key = bytes(inbox.public_key)
        public_key, private_key = vault.new_key_pair()
        inbox.public_key = public_key
        inbox.save(update_fields=["public_key"])
        member_key = ensure_member_key(member, PASSWORD)
        InboxKeyGrant.objects.create(
            inbox=inbox, user=member, sealed_private_key=vault.grant(private_key, member_key.public_key)
        )
        submission, _receipt = seal_submission(inbox, {"situation": SECRET}, [], language="en")
        device = authenticator_for(member)
    yield member, submission, device
    with django_db_blocker.unblock():
        submission.delete()
        member.delete()
        inbox.public_key = demo_public_key
        inbox.save(update_fields=["public_key"])


def virtual_authenticator(context, page):
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
    }
    return cdp, cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]


def test_enrol_a_passkey_sign_out_sign_in_with_it_and_read_a_request(
    browser, live_site, member_with_request, django_db_blocker
):
    member, submission, device = member_with_request
    site = live_site.replace("127.0.0.1", "localhost")
    admin = f"{site}/{settings.ADMIN_PATH}"
    context = browser.new_context()
    offsite = OffsiteRequests(context, site)
    console_errors = []
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    cdp, authenticator = virtual_authenticator(context, page)

    sign_in_in_browser(page, site, member.username, PASSWORD, device)
    page.goto(f"{admin}/two-factor/manage/")
    with page.expect_navigation():  # the list is drawn again with the new passkey
        page.click("#passkey-register-button")
    assert page.locator("table.listing").first.inner_text().count("asskey") >= 1
    with django_db_blocker.unblock():
        assert Passkey.objects.filter(user=member, confirmed=True).count() == 1
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1

    with page.expect_navigation():
        page.click("text=Sign out everywhere")
    assert page.url.startswith(f"{admin}/login/")

    page.goto(f"{admin}/inboxes/support/{submission.pk}/")
    page.fill("#id_username", member.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url.startswith(f"{admin}/two-factor/")
    with page.expect_navigation(url=f"{admin}/inboxes/support/{submission.pk}/"):
        page.click("#passkey-verification-button")
    assert SECRET in page.content()
    context.close()
    assert list(offsite) == []
    assert [text for text in console_errors if "Content Security Policy" in text] == []
