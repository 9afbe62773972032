"""Staff can sign in to the admin from a real browser under the site's strict headers."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.testing import authenticator_for, code_for

pytestmark = pytest.mark.browser
PASSWORD = "a long enough test password"


@pytest.fixture
def editor(django_db_blocker):
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_superuser("browser-editor", "editor@example.org", PASSWORD)
        user.authenticator = authenticator_for(user)
    yield user
    with django_db_blocker.unblock():
        user.delete()


def test_admin_sign_in_posts_despite_no_referrer_on_public_pages(browser, live_site, editor):
    page = browser.new_page()
    requests, console_errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    response = page.goto(f"{live_site}/{settings.ADMIN_PATH}/login/")
    assert response.headers["referrer-policy"] == "same-origin"
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url.startswith(f"{live_site}/{settings.ADMIN_PATH}/two-factor/")
    page.fill("#id_code", code_for(editor.authenticator))
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")
    assert page.url == f"{live_site}/{settings.ADMIN_PATH}/"
    page.goto(f"{live_site}/{settings.ADMIN_PATH}/pages/")
    page.wait_for_load_state("networkidle")
    page.close()
    # No Gravatar, no release check: the admin asks no other host for anything.
    assert [url for url in requests if not url.startswith(live_site) and not url.startswith("data:")] == []
    assert [text for text in console_errors if "Content Security Policy" in text] == []
