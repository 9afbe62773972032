"""A vacancy is open until its closing minute and closed from the next request on, by the clock alone."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from vacancies.factories import VacancyPageFactory
from vacancies.models import MAX_CACHE_SECONDS, VacancyPage, limit_caching

from .helpers import english_index, section

# 16:00 UTC on 15 January is 17:00 in Brussels (CET, UTC+1); on 1 July it is 18:00 (CEST, UTC+2).
WINTER_CLOSING = datetime(2031, 1, 15, 16, 0, tzinfo=UTC)
SUMMER_CLOSING = datetime(2031, 7, 1, 16, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def vacancy(demo_site):
    return VacancyPageFactory(
        parent=english_index(),
        title="Security Trainer",
        closing_at=WINTER_CLOSING,
        how_to_apply="<p>Write.</p>",
    )


def test_open_one_minute_before_closing_and_closed_one_minute_after(client, vacancy):
    with time_machine.travel(WINTER_CLOSING - MINUTE, tick=False):
        index = client.get("/en/vacancies/").content.decode()
        page = client.get(vacancy.url).content.decode()
    assert "Security Trainer" in section(index, "open-vacancies")
    assert "Security Trainer" not in section(index, "closed-vacancies")
    assert "This vacancy is closed" not in page
    assert "How to apply" in page

    # The very next requests, two minutes later: no editor action, nothing cached.
    with time_machine.travel(WINTER_CLOSING + MINUTE, tick=False):
        index = client.get("/en/vacancies/").content.decode()
        page = client.get(vacancy.url).content.decode()
    assert "Security Trainer" not in section(index, "open-vacancies")
    assert "Security Trainer" in section(index, "closed-vacancies")
    assert "This vacancy is closed" in page
    assert "How to apply" not in page
    assert "<p>Write.</p>" not in page


def test_a_vacancy_closes_at_its_closing_time_exactly(client, vacancy):
    with time_machine.travel(WINTER_CLOSING, tick=False):
        index = client.get("/en/vacancies/").content.decode()
    assert "Security Trainer" in section(index, "closed-vacancies")


def vacancy_queries(client, path):
    """The page's HTML, and the SQL queries its view made of the vacancies' table."""
    with CaptureQueriesContext(connection) as queries:
        html = client.get(path).content.decode()
    return html, [query for query in queries if "vacancies_vacancypage" in query["sql"]]


def test_the_lists_are_read_once_until_the_next_closing_or_publish(client, vacancy):
    with time_machine.travel(WINTER_CLOSING - 3 * MINUTE, tick=False):
        client.get("/en/vacancies/")
    with time_machine.travel(WINTER_CLOSING - 2 * MINUTE, tick=False):
        index, read = vacancy_queries(client, "/en/vacancies/")
    assert "Security Trainer" in section(index, "open-vacancies") and not read
    # A vacancy published meanwhile is listed at once.
    VacancyPageFactory(parent=english_index(), title="Field Researcher", closing_at=SUMMER_CLOSING)
    with time_machine.travel(WINTER_CLOSING - MINUTE, tick=False):
        index, read = vacancy_queries(client, "/en/vacancies/")
    assert "Field Researcher" in section(index, "open-vacancies") and read
    # At the closing time the lists are read again, with no editor and no publish.
    with time_machine.travel(WINTER_CLOSING, tick=False):
        index, read = vacancy_queries(client, "/en/vacancies/")
    assert "Security Trainer" in section(index, "closed-vacancies") and read
    assert "Field Researcher" in section(index, "open-vacancies")


def test_a_clock_set_back_never_trusts_a_later_reading(client, vacancy):
    with time_machine.travel(WINTER_CLOSING + MINUTE, tick=False):
        assert "Security Trainer" in section(
            client.get("/en/vacancies/").content.decode(), "closed-vacancies"
        )
    with time_machine.travel(WINTER_CLOSING - MINUTE, tick=False):
        index = client.get("/en/vacancies/").content.decode()
    assert "Security Trainer" in section(index, "open-vacancies")


def test_open_vacancies_come_first_soonest_closing_first_then_closed_ones(client, demo_site):
    index_page = english_index()
    now = datetime(2031, 5, 1, 8, 0, tzinfo=UTC)
    for title, days in [
        ("Later", 9),
        ("Soonest", 1),
        ("Middle", 4),
        ("Closed long ago", -30),
        ("Just closed", -1),
    ]:
        VacancyPageFactory(parent=index_page, title=title, closing_at=now + timedelta(days=days))
    with time_machine.travel(now, tick=False):
        html = client.get("/en/vacancies/").content.decode()
    open_list, closed_list = section(html, "open-vacancies"), section(html, "closed-vacancies")
    assert html.index('id="open-vacancies"') < html.index('id="closed-vacancies"')
    assert open_list.index("Soonest") < open_list.index("Middle") < open_list.index("Later")
    assert closed_list.index("Just closed") < closed_list.index("Closed long ago")
    assert "Soonest" not in closed_list
    assert "Just closed" not in open_list


def test_without_open_vacancies_the_index_says_so(client, demo_site):
    with time_machine.travel(datetime(2040, 1, 1, tzinfo=UTC), tick=False):
        html = client.get("/en/vacancies/").content.decode()
    assert "There are no open vacancies at the moment." in section(html, "open-vacancies")
    assert "Programme Officer, Emergency Support" in section(html, "closed-vacancies")


@pytest.mark.parametrize(
    ("closing_at", "shown", "iso"),
    [
        (WINTER_CLOSING, "Jan. 15, 2031 at 17:00 CET (Brussels time)", "2031-01-15T17:00:00+01:00"),
        (SUMMER_CLOSING, "July 1, 2031 at 18:00 CEST (Brussels time)", "2031-07-01T18:00:00+02:00"),
    ],
)
def test_closing_time_is_shown_in_brussels_time_with_its_zone(client, demo_site, closing_at, shown, iso):
    vacancy = VacancyPageFactory(parent=english_index(), title="Trainer", closing_at=closing_at)
    with time_machine.travel(closing_at - timedelta(days=2), tick=False):
        pages = [client.get("/en/vacancies/"), client.get(vacancy.url)]
    for response in pages:
        assert f'<time datetime="{iso}">{shown}</time>' in response.content.decode()


def test_translations_show_the_same_brussels_closing_time(client, demo_site):
    english = VacancyPage.objects.get(locale__language_code="en", slug="programme-officer-emergency-support")
    brussels = english.closing_at_brussels
    for language in ["fr", "ar"]:
        html = client.get(english.get_translation(Locale.objects.get(language_code=language)).url).content
        assert f'<time datetime="{brussels.isoformat()}">'.encode() in html
        assert f"{brussels:%H:%M} {brussels.tzname()}".encode() in html


class TestCacheHeaders:
    """No cache may keep a vacancy as open past its closing time."""

    def max_age(self, response):
        header = response["Cache-Control"]
        directives = dict(
            part.strip().split("=", 1) if "=" in part else (part.strip(), "") for part in header.split(",")
        )
        return directives, int(directives.get("max-age", "-1"))

    def test_an_open_vacancy_may_be_cached_only_until_it_closes(self, client, vacancy):
        with time_machine.travel(WINTER_CLOSING - timedelta(seconds=90), tick=False):
            for path in (vacancy.url, "/en/vacancies/", "/en/vacancies/feed/"):
                directives, max_age = self.max_age(client.get(path))
                assert 0 < max_age <= 90, path

    def test_far_from_closing_the_cache_time_is_still_short(self, client, vacancy):
        with time_machine.travel(WINTER_CLOSING - timedelta(days=10), tick=False):
            directives, max_age = self.max_age(client.get(vacancy.url))
        assert max_age == MAX_CACHE_SECONDS

    def test_in_the_last_second_nothing_may_be_cached(self, client, vacancy):
        with time_machine.travel(WINTER_CLOSING - timedelta(milliseconds=500), tick=False):
            for path in (vacancy.url, "/en/vacancies/"):
                directives, max_age = self.max_age(client.get(path))
                assert "no-cache" in directives, path
                assert max_age == 0

    def test_a_closed_vacancy_gets_the_ordinary_short_cache_time(self, client, vacancy):
        with time_machine.travel(WINTER_CLOSING + MINUTE, tick=False):
            directives, max_age = self.max_age(client.get(vacancy.url))
        assert max_age == MAX_CACHE_SECONDS

    def test_previews_are_never_cached(self, rf):
        request = rf.get("/")
        request.is_preview = True
        response = limit_caching(request, HttpResponse(), WINTER_CLOSING, WINTER_CLOSING - timedelta(days=1))
        assert "no-store" in response["Cache-Control"]
