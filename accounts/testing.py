"""Signing in to the admin in tests, second factor included (as every admin user must).

`login_with_second_factor(client, user)` for Django's test client, `sign_in_in_browser(...)` for
Playwright. Both go through the real sign-in and second-factor views; only the authenticator app
is played by code here, with a secret known to the tests.
"""

import time

from django.conf import settings
from django.urls import reverse

from .models import SealedTOTPDevice

TEST_TOTP_SECRET = b"accounts-test-secret"  # noqa: S105 - tests only
STAFF_PASSWORD = "a long staff password for tests"  # noqa: S105 - tests only


def make_staff_user(username, groups=(), superuser=False, password=STAFF_PASSWORD):
    """A staff account in the named groups, with an address at example.org (no second factor yet)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    model = get_user_model()
    create = model.objects.create_superuser if superuser else model.objects.create_user
    user = create(username, f"{username}@example.org", password)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def authenticator_for(user):
    """The user's authenticator app: their first one, or a new one with the tests' secret."""
    device = SealedTOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = SealedTOTPDevice.create_for(
            user, name="Test authenticator", secret=TEST_TOTP_SECRET, confirmed=True
        )
    return device


def current_step(device, at=None):
    return int(((time.time() if at is None else at) - device.t0) // device.step)


def code_for(device, at=None):
    """What the authenticator app shows now (with no drift)."""
    return device.current_code(at=device.t0 + current_step(device, at) * device.step)


def unused_code(device):
    """A code the device will accept now.

    A code is accepted once per 30-second step; tests that sign the same user in several times
    within one step would otherwise be refused as replays (the rule tested in accounts/tests), so
    this moves the device's memory of the last step back. Never do this outside tests.
    """
    device.refresh_from_db()
    step = current_step(device)
    changed = device.drift != 0 or device.last_t >= step
    device.drift = 0
    device.last_t = min(device.last_t, step - 1)
    if changed:
        device.save(update_fields=["drift", "last_t"])
    return code_for(device)


def login_with_second_factor(client, user, password=None):
    """Sign `user` in on `client`: with the password through the admin's sign-in form when given
    (which also unlocks their inbox key), else with `force_login`; then with a code."""
    if password is not None:
        response = client.post(
            reverse("wagtailadmin_login"), {"username": user.get_username(), "password": password}
        )
        assert response.status_code == 302, response.content[:500]
    else:
        client.force_login(user)
    device = authenticator_for(user)
    response = client.post(reverse("accounts_second_factor"), {"code": unused_code(device)})
    assert response.status_code == 302, response.content[:2000]
    return client


def sign_in_in_browser(page, live_site, username, password, device):
    """Sign in through the admin's pages in a real browser. `device` comes from
    `authenticator_for(user)` (made where the test may use the database)."""
    page.goto(f"{live_site}/{settings.ADMIN_PATH}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.fill("#id_code", code_for(device))
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")
    return page
