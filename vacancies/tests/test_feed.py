"""Each language has an RSS feed of its open vacancies, advertised on the vacancy pages."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from vacancies.factories import VacancyIndexPageFactory, VacancyPageFactory
from vacancies.models import VacancyIndexPage, VacancyPage

from .helpers import english_index


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("language", ["en", "fr", "es", "ru", "ar"])
def test_the_feed_lists_open_vacancies_in_its_language(client, demo_site, language):
    feed = parse(client.get(f"/{language}/vacancies/feed/"))
    index_page = VacancyIndexPage.objects.get(locale__language_code=language)
    now = timezone.now()
    expected = list(index_page.open_vacancies(now))
    closed = list(index_page.closed_vacancies(now))
    assert len(expected) == 3 and len(closed) == 1
    assert feed.feed.language == language
    assert feed.feed.title == f"{index_page.title} · ProtectDefenders.eu"
    assert [entry.title for entry in feed.entries] == [vacancy.title for vacancy in expected]
    assert closed[0].title not in {entry.title for entry in feed.entries}
    for entry, vacancy in zip(feed.entries, expected, strict=True):
        assert entry.link == f"http://testserver/{language}/vacancies/{vacancy.slug}/"
        assert vacancy.summary[:40] in entry.summary
        # Posted on that day in Brussels (feedparser's *_parsed values are in UTC, the day before).
        assert entry.published == vacancy.date_posted_brussels.strftime("%a, %d %b %Y %H:%M:%S %z")


def test_french_feed_speaks_french(client, demo_site):
    feed = parse(client.get("/fr/vacancies/feed/"))
    titles = {entry.title for entry in feed.entries}
    assert "Stagiaire en communication" in titles
    assert "Communications Intern" not in titles


def test_a_vacancy_leaves_the_feed_when_it_closes(client, demo_site):
    closing = datetime(2032, 3, 1, 11, 0, tzinfo=UTC)
    VacancyPageFactory(parent=english_index(), title="Field Researcher", closing_at=closing)
    with time_machine.travel(closing - timedelta(minutes=1), tick=False):
        before = parse(client.get("/en/vacancies/feed/"))
    with time_machine.travel(closing + timedelta(minutes=1), tick=False):
        after = parse(client.get("/en/vacancies/feed/"))
    assert [entry.title for entry in before.entries] == ["Field Researcher"]
    assert after.entries == []


@pytest.mark.parametrize("slug", ["", "programme-officer-emergency-support/"])
def test_pages_advertise_the_feed_of_their_language(client, demo_site, slug):
    html = client.get(f"/ru/vacancies/{slug}").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/ru/vacancies/feed/"' in html


def test_the_feed_costs_the_same_queries_for_10_and_50_vacancies(client, demo_site):
    home = english_index().get_parent()
    index_page = VacancyIndexPageFactory(parent=home, slug="jobs-feed-count")
    counts = []
    for total in (10, 50):
        while VacancyPage.objects.child_of(index_page).count() < total:
            VacancyPageFactory(parent=index_page)
        with CaptureQueriesContext(connection) as queries:
            feed = parse(client.get(f"{index_page.url}feed/"))
        assert len(feed.entries) == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_feed_of_a_language_has_only_its_own_vacancies(client, demo_site):
    arabic = VacancyIndexPage.objects.get(locale=Locale.objects.get(language_code="ar"))
    feed = parse(client.get("/ar/vacancies/feed/"))
    assert all(entry.link.startswith("http://testserver/ar/") for entry in feed.entries)
    assert feed.feed.link == f"http://testserver{arabic.url}"
