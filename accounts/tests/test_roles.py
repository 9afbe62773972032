"""Roles as groups, least privilege: an editor sees no inbox, an inbox member edits no page."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import GroupPagePermission, Locale, Page

from accounts.roles import translator_group_name
from accounts.testing import login_with_second_factor
from news.factories import NewsIndexPageFactory

from .conftest import ADMIN, make_user

INBOX_GROUPS = {"Support requests": "support", "Complaints": "complaint", "Feedback": "feedback"}


def home(language_code):
    return Page.objects.get(depth=2, locale__language_code=language_code)


def test_the_groups_exist_with_translators_for_each_other_language(demo_site):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Editors", "Moderators", "Administrators", *INBOX_GROUPS} <= names
    for code, _name in settings.LANGUAGES:
        if code != "en":
            assert translator_group_name(code) in names


@pytest.mark.parametrize("group", ["Editors", "Moderators", "Administrators"])
def test_no_content_role_sees_an_inbox(demo_site, group):
    user = make_user(f"someone-{group.lower()}", [group])
    client = login_with_second_factor(Client(), user)
    dashboard = client.get(f"{ADMIN}/").content.decode()
    for kind in INBOX_GROUPS.values():
        assert f"{ADMIN}/inboxes/{kind}/" not in dashboard
        response = client.get(f"{ADMIN}/inboxes/{kind}/")
        assert response.status_code in (302, 403), (group, kind)
        assert response.status_code == 403 or response["Location"] == f"{ADMIN}/"


@pytest.mark.parametrize("group, kind", INBOX_GROUPS.items())
def test_an_inbox_group_reaches_its_own_inbox_only_and_edits_no_page(demo_site, group, kind):
    member = make_user(f"member-{kind}", [group])
    client = login_with_second_factor(Client(), member)
    assert client.get(f"{ADMIN}/inboxes/{kind}/").status_code == 200
    for other in INBOX_GROUPS.values():
        if other != kind:
            assert client.get(f"{ADMIN}/inboxes/{other}/").status_code in (302, 403), other
    english_home = home("en")
    assert not english_home.permissions_for_user(member).can_edit()
    assert client.get(f"{ADMIN}/pages/{english_home.pk}/edit/").status_code == 302
    assert not GroupPagePermission.objects.filter(group__name=group).exists()


def test_an_inbox_member_who_is_also_an_editor_edits_pages(demo_site):
    both = make_user("both-roles", ["Support requests", "Editors"])
    client = login_with_second_factor(Client(), both)
    assert client.get(f"{ADMIN}/pages/{home('en').pk}/edit/").status_code == 200
    assert client.get(f"{ADMIN}/inboxes/support/").status_code == 200


def test_editors_edit_every_page_but_publish_through_moderation(demo_site, editor):
    for code in ("en", "ar"):
        permissions = home(code).permissions_for_user(editor)
        assert permissions.can_edit() and not permissions.can_publish()


def test_moderators_publish_news_and_vacancies_only(demo_site):
    moderator = make_user("a-moderator", ["Moderators"])
    news = NewsIndexPageFactory(parent=home("en"), title="News for moderators", slug="news-moderators")
    # The section got its rights when it was created.
    assert news.permissions_for_user(moderator).can_publish()
    assert not home("en").permissions_for_user(moderator).can_publish()
    assert not home("en").permissions_for_user(moderator).can_edit()


def test_a_translator_edits_their_language_only(demo_site):
    translator = make_user("traductrice", [translator_group_name("fr")])
    assert home("fr").permissions_for_user(translator).can_edit()
    assert not home("fr").permissions_for_user(translator).can_publish()
    assert not home("en").permissions_for_user(translator).can_edit()
    assert not home("ar").permissions_for_user(translator).can_edit()


def test_a_new_language_home_gets_its_translators_group_rights(demo_site):
    Locale.objects.get_or_create(language_code="pt")
    pt_home = home("pt")
    GroupPagePermission.objects.filter(page=pt_home).delete()
    from django.core.management import call_command

    call_command("sync_roles", verbosity=0)
    translator = make_user("tradutora", [translator_group_name("pt")])
    assert pt_home.permissions_for_user(translator).can_edit()


def test_administrators_manage_users_and_publish_but_read_no_inbox(demo_site):
    administrator = make_user("an-administrator", ["Administrators"])
    client = login_with_second_factor(Client(), administrator)
    assert client.get(f"{ADMIN}/users/").status_code == 200
    assert client.get(f"{ADMIN}/groups/").status_code == 200
    assert home("en").permissions_for_user(administrator).can_publish()
    assert not any(administrator.has_perm(f"forms.access_{kind}_inbox") for kind in INBOX_GROUPS.values())
