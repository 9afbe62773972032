import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache

PASSWORD = "a long staff password for tests"
ADMIN = f"/{settings.ADMIN_PATH}"


def make_user(username, groups=(), superuser=False):
    model = get_user_model()
    if superuser:
        user = model.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    else:
        user = model.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def sign_in_with_password(client, user, password=PASSWORD):
    response = client.post(f"{ADMIN}/login/", {"username": user.username, "password": password})
    assert response.status_code == 302, response.content[:1000]
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
