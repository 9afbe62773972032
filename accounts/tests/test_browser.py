"""The first sign-in in a real browser: password, then enrolment with a locally drawn QR code."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.models import SealedTOTPDevice
from accounts.testing import code_for

pytestmark = pytest.mark.browser
PASSWORD = "a long browser password for enrolment"


@pytest.fixture
def newcomer(django_db_blocker):
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_superuser("browser-newcomer", "new@example.org", PASSWORD)
    yield user
    with django_db_blocker.unblock():
        user.delete()


def test_first_sign_in_enrols_an_authenticator_without_asking_any_other_site(
    browser, live_site, newcomer, django_db_blocker
):
    admin = f"{live_site}/{settings.ADMIN_PATH}"
    page = browser.new_page()
    requests, console_errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    page.goto(f"{admin}/pages/")
    page.fill("#id_username", newcomer.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    # The second step looks the same for everyone; with nothing set up yet, no code is asked.
    assert page.url.startswith(f"{admin}/two-factor/")
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")
    assert page.url.startswith(f"{admin}/two-factor/set-up/")
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()
    secret = page.locator("code.accounts-secret").inner_text().replace(" ", "")
    with django_db_blocker.unblock():
        device = SealedTOTPDevice.objects.get(user=newcomer, confirmed=False)
        assert device.base32_key == secret
        code = code_for(device)
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")
    codes = page.locator("ul.accounts-recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", c) for c in codes)
    with page.expect_navigation():
        page.click("text=continue")
    assert page.url == f"{admin}/pages/"
    page.close()
    assert [url for url in requests if not url.startswith(live_site) and not url.startswith("data:")] == []
    assert [text for text in console_errors if "Content Security Policy" in text] == []
