"""Every public page costs at most 12 SQL queries when it is not in the page cache, however many
children its section has (the page cache is off in tests; the layout cache is warm, as on a running
server after its first reader)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page

from news.factories import NewsPageFactory
from news.models import NewsIndexPage
from programmes.factories import ProgrammePageFactory
from programmes.models import ProgrammeIndexPage
from vacancies.factories import VacancyPageFactory
from vacancies.models import VacancyIndexPage
from website.factories import NoticePageFactory, StandardPageFactory
from website.models import NoticeIndexPage

MAX_QUERIES = 12
# What each page type costs now (`make bench` and scripts/page_profile.py show where the time goes):
# a page that needs more has gained a query it did not need. In English; a translation may take one
# more, to find the pages it links to in its own language.
QUERY_BUDGET = {
    "HomePage": 2,
    "StandardPage": 2,
    "WhoWeArePage": 4,
    "NoticeIndexPage": 3,
    "NoticePage": 2,
    "ReceiptStatusPage": 1,
    "SupportRequestFormPage": 2,
    "ComplaintFormPage": 2,
    "FeedbackFormPage": 2,
    "FAQPage": 1,
    "ProgrammeIndexPage": 2,
    "ProgrammePage": 1,
    "NewsIndexPage": 3,
    "NewsPage": 3,
    "VacancyIndexPage": 1,
    "VacancyPage": 1,
    "NewsletterSignupPage": 5,
    "404": 2,
}
TRANSLATION_EXTRA = 1


def queries_for(client, path):
    client.get(path)  # warm: the layout cache and the process's memo, as a running server has them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code in (200, 404), path
    return len(queries)


def one_page_of_each_type():
    seen = {}
    english = Page.objects.live().public().filter(locale=Locale.get_default(), depth__gte=2)
    for page in english.specific().order_by("path"):
        seen.setdefault(type(page).__name__, page)
    return seen


def costs_per_page_type(client, language):
    """Queries of one page of each type in `language` (where it is translated and live), and of a 404."""
    locale = Locale.objects.get(language_code=language)
    costs = {}
    for kind, page in one_page_of_each_type().items():
        translated = page.get_translation_or_none(locale)
        if translated is not None and translated.live:
            costs[kind] = queries_for(client, translated.url)
    costs["404"] = queries_for(client, f"/{language}/no-such-page/")
    return costs


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_type_costs_at_most_twelve_queries(client, demo_site, language):
    costs = costs_per_page_type(client, language)
    costs["search"] = queries_for(client, f"/{language}/search/?q=defenders")
    assert len(costs) >= 15, costs
    assert max(costs.values()) <= MAX_QUERIES, costs


@pytest.mark.parametrize("language", ["en", "ar"])
def test_each_page_type_costs_no_more_queries_than_it_does_now(client, demo_site, language):
    extra = 0 if language == "en" else TRANSLATION_EXTRA
    costs = costs_per_page_type(client, language)
    assert set(costs) <= set(QUERY_BUDGET), set(costs) - set(QUERY_BUDGET)  # a new type: give it one
    over = {kind: cost for kind, cost in costs.items() if cost > QUERY_BUDGET[kind] + extra}
    assert not over, (over, costs)


def english_index(model):
    return model.objects.get(locale=Locale.get_default())


def add_children(count):
    """`count` more news, vacancies, programmes, notices and menu pages, in every English section."""
    now = timezone.now()
    news_index = english_index(NewsIndexPage)
    vacancies = english_index(VacancyIndexPage)
    programmes = english_index(ProgrammeIndexPage)
    notices = english_index(NoticeIndexPage)
    home = news_index.get_parent()
    for number in range(count):
        NewsPageFactory(parent=news_index, date=now.date() - timedelta(days=number))
        closing = timedelta(days=number + 1)
        VacancyPageFactory(parent=vacancies, closing_at=now + (closing if number % 2 else -closing))
        ProgrammePageFactory(parent=programmes)
        NoticePageFactory(parent=notices, banner_until=now + timedelta(days=number + 1))
        StandardPageFactory(parent=home, show_in_menus=True)


def test_queries_do_not_grow_with_the_number_of_children(client, demo_site):
    paths = ["/en/", "/en/news/", "/en/vacancies/", "/en/programmes/", "/en/notices/", "/en/contact/"]
    add_children(2)
    few = {path: queries_for(client, path) for path in paths}
    add_children(20)
    many = {path: queries_for(client, path) for path in paths}
    # Never more; one fewer where no listed item has an image any more (no renditions to fetch).
    assert all(many[path] <= few[path] <= MAX_QUERIES for path in paths), (few, many)
