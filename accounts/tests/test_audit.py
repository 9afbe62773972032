"""Wagtail's log records key grants and changes to groups and permissions (sign-ins and 2FA: see
test_second_factor and test_throttling)."""

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, ModelLogEntry, Page

from accounts.testing import login_with_second_factor
from forms.inboxes import create_inbox, ensure_member_key
from forms.models import Inbox

from .conftest import ADMIN, PASSWORD, make_user, page_text


def entries(instance, action):
    return list(ModelLogEntry.objects.for_instance(instance).filter(action=action).order_by("timestamp"))


def test_group_membership_changes_are_logged_on_the_user_with_who_did_it(superuser):
    user = make_user("newcomer")
    client = login_with_second_factor(Client(), superuser)
    editors, complaints = Group.objects.get(name="Editors"), Group.objects.get(name="Complaints")
    response = client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        {
            "username": user.username,
            "email": user.email,
            "first_name": "New",
            "last_name": "Comer",
            "is_active": "on",
            "groups": [editors.pk, complaints.pk],
        },
    )
    assert response.status_code == 302, page_text(response)[:2000]
    [entry] = entries(user, "accounts.groups")
    assert entry.data == {"added": ["Complaints", "Editors"]}
    assert entry.user_id == superuser.pk
    complaints.user_set.remove(user)
    assert entries(user, "accounts.groups")[-1].data == {"removed": ["Complaints"]}
    history = page_text(client.get(f"{ADMIN}/reports/site-history/"))
    assert "Group membership changed" in history


def test_group_and_user_permission_changes_are_logged(demo_site):
    group = Group.objects.get(name="Feedback")
    permission = Permission.objects.get(codename="access_complaint_inbox")
    group.permissions.add(permission)
    assert entries(group, "accounts.permissions")[-1].data == {"added": ["access_complaint_inbox"]}
    group.permissions.clear()
    assert "access_feedback_inbox" in entries(group, "accounts.permissions")[-1].data["removed"]
    user = make_user("direct-permission")
    user.user_permissions.add(permission)
    assert entries(user, "accounts.permissions")[-1].data == {"added": ["access_complaint_inbox"]}
    user.is_superuser = True
    user.save()
    assert entries(user, "accounts.permissions")[-1].data == {"superuser": True, "active": True}
    root = Page.objects.get(depth=1)
    GroupPagePermission.objects.create(
        group=group, page=root, permission=Permission.objects.get(codename="publish_page")
    )
    assert entries(group, "accounts.permissions")[-1].data == {"added": ["publish_page @ Root"]}


def test_key_grants_are_logged_on_the_inbox(demo_site):
    holder = make_user("key-holder", ["Support requests"])
    colleague = make_user("colleague", ["Support requests"])
    Inbox.objects.filter(kind="support").delete()
    inbox, _recovery = create_inbox("support", members=[ensure_member_key(holder, PASSWORD)])
    login_with_second_factor(Client(), colleague, password=PASSWORD)  # creates their member key
    client = login_with_second_factor(Client(), holder, password=PASSWORD)
    fingerprint = colleague.member_key.fingerprint
    response = client.post(
        f"{ADMIN}/inboxes/support/members/", {"user": colleague.pk, "fingerprint": fingerprint}
    )
    assert response.status_code == 302
    [entry] = entries(inbox, "inbox.grant")
    assert entry.user_id == holder.pk and entry.data == {
        "member": colleague.username,
        "fingerprint": fingerprint,
    }
