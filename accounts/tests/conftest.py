import re

import pytest
from django.conf import settings
from django.core.cache import cache

from accounts.testing import STAFF_PASSWORD, make_staff_user

PASSWORD = STAFF_PASSWORD
ADMIN = f"/{settings.ADMIN_PATH}"


make_user = make_staff_user


def sign_in_with_password(client, user, password=PASSWORD):
    """The sign-in's first step alone: it leads to the second, whatever the password."""
    response = client.post(f"{ADMIN}/login/", {"username": user.username, "password": password})
    assert response.status_code == 302, response.content[:1000]
    return response


def sign_in_before_enrolment(client, user, password=PASSWORD):
    """A first sign-in: the password, then the second step with no code (nothing is set up yet)."""
    sign_in_with_password(client, user, password)
    response = client.post(f"{ADMIN}/two-factor/", {"code": ""})
    assert response["Location"].startswith(f"{ADMIN}/two-factor/set-up/"), response
    return response


def page_text(response):
    """The visible text of a response, tags removed, whitespace squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(demo_site):
    return make_user("an-editor", ["Editors"])


@pytest.fixture
def superuser(demo_site):
    return make_user("an-admin", superuser=True)
