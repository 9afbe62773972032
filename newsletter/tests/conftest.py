import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from accounts.testing import STAFF_PASSWORD, login_with_second_factor, make_staff_user
from newsletter.models import Subscriber
from outbox.testing import deliver_outbox
from website.antispam import TIME_TOKEN_FIELD, SpamDefence

URL = re.compile(r"https?://\S+")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def time_token(seconds_ago=60):
    """The time token a signup form carries when it was opened `seconds_ago` (a person takes a while)."""
    with time_machine.travel(timezone.now() - timedelta(seconds=seconds_ago)):
        return SpamDefence(None, "newsletter").time_token()


def signup_data(email, language="en", topics=(), consent=True, seconds_ago=60, **extra):
    data = {
        "email": email,
        "language": language,
        "topics": list(topics),
        TIME_TOKEN_FIELD: time_token(seconds_ago),
    }
    if consent:
        data["consent"] = "on"
    return data | extra


def sign_up(client, email, page_language="en", **fields):
    response = client.post(f"/{page_language}/subscription/", signup_data(email, **fields))
    assert response.status_code == 200
    return response


def deliver():
    deliver_outbox()


def links(message):
    """Every address in the plain-text body of a received mail, in order."""
    return URL.findall(message.get_body(("plain",)).get_content())


def path_of(url):
    return "/" + url.split("/", 3)[3]


def link_to(message, kind):
    """The path of the first link of this kind (confirm, manage, unsubscribe) in a received mail."""
    for url in links(message):
        if f"/subscription/{kind}/" in url:
            return path_of(url)
    raise AssertionError(f"no {kind} link in {links(message)}")


def subscriber(email):
    return Subscriber.objects.get(email_key=email.lower())


PASSWORD = STAFF_PASSWORD


staff = make_staff_user


def signed_in(user):
    """A client in the admin, second factor included (every admin user must have one)."""
    client = Client()
    login_with_second_factor(client, user)
    return client


@pytest.fixture
def newsletter_staff(demo_site):
    return signed_in(staff("newsletter-staff", ["Newsletter"]))


@pytest.fixture
def editor(demo_site):
    return signed_in(staff("an-editor", ["Editors"]))
