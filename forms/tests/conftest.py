import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from accounts.testing import login_with_second_factor
from forms.inboxes import create_inbox, ensure_member_key
from forms.models import Inbox, InboxKind

PASSWORD = "a long member password for tests"


def make_user(username, groups=(), superuser=False):
    model = get_user_model()
    if superuser:
        user = model.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    else:
        user = model.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.first_name, user.last_name = username.title(), "Tester"
    user.save()
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def support_member(demo_site):
    return make_user("support-member", ["Support requests"])


@pytest.fixture
def complaints_member(demo_site):
    return make_user("head-of-secretariat", ["Complaints"])


@pytest.fixture
def inboxes(demo_site, support_member, complaints_member):
    """Fresh inboxes whose keys are granted to the test members (the demo's have no members in tests)."""
    Inbox.objects.all().delete()
    created = {}
    members = {
        InboxKind.SUPPORT: [support_member],
        InboxKind.COMPLAINT: [complaints_member],
        InboxKind.FEEDBACK: [],
    }
    for kind in InboxKind.values:
        keys = [ensure_member_key(user, PASSWORD) for user in members[kind]]
        created[kind], _recovery = create_inbox(kind, members=keys)
    return created


def signed_in(user):
    """A client signed in through the admin's login form, which unlocks the member's key, and then
    with the second factor, which makes the key usable."""
    return login_with_second_factor(Client(), user, password=PASSWORD)
