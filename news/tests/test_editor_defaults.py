"""What an editor meets in the admin: today's date on a new news item, moderation only where it belongs."""

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import Page, WorkflowPage

from accounts.roles import MODERATION_WORKFLOW
from news.factories import NewsIndexPageFactory
from news.models import NewsIndexPage
from vacancies.models import VacancyIndexPage


def test_a_new_news_item_is_dated_today(admin_client, news_index):
    response = admin_client.get(f"/{settings.ADMIN_PATH}/pages/add/news/newspage/{news_index.pk}/")
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert f'name="date" value="{today}"' in response.content.decode()


def test_news_and_vacancies_of_every_language_go_through_the_moderators(demo_site):
    sections = [*NewsIndexPage.objects.all(), *VacancyIndexPage.objects.all()]
    languages = {page.locale.language_code for page in sections}
    assert {"en", "fr", "es", "ru", "ar"} <= languages  # the demo's news and vacancies languages
    for section in sections:
        assert section.get_workflow().name == MODERATION_WORKFLOW, section
        child = section.get_children().first()
        if child is not None:
            assert child.specific.get_workflow().name == MODERATION_WORKFLOW


def test_other_pages_have_no_moderation_workflow(demo_site):
    assert not WorkflowPage.objects.filter(page__depth__lte=2).exists()
    for page in Page.objects.filter(depth=3).exclude(
        content_type__model__in=["newsindexpage", "vacancyindexpage"]
    ):
        assert page.specific.get_workflow() is None, page.url_path


def test_a_new_news_section_gets_the_moderation_workflow(demo_site):
    home = Page.objects.get(depth=2, locale__language_code="en")
    section = NewsIndexPageFactory(parent=home, title="More news", slug="more-news")
    assert section.get_workflow().name == MODERATION_WORKFLOW


@pytest.mark.django_db
def test_the_migration_takes_the_workflow_off_the_root(demo_site):
    from django.apps import apps

    from accounts.roles import Roles

    roles = Roles(apps)
    workflow = roles.moderation_workflow()
    WorkflowPage.objects.update_or_create(page=Page.objects.get(depth=1), defaults={"workflow": workflow})
    roles.remove_moderation_workflow_from_root()
    roles.assign_moderation_workflow()
    assert not WorkflowPage.objects.filter(page__depth=1).exists()
    assert Page.objects.get(depth=2, locale__language_code="en").specific.get_workflow() is None
