"""The notices index: current notices first, then earlier ones, in every language."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page

from home.models import HomePage
from website.factories import NoticePageFactory
from website.models import NoticeIndexPage, NoticePage

FULL = ["en", "fr", "es", "ru", "ar", "fa", "pt"]


def section(content, heading_id):
    match = re.search(rf'<section aria-labelledby="{heading_id}">.*?</section>', content, re.S)
    return match.group(0) if match else ""


def titles(html):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)


@pytest.fixture
def notices_index(demo_site):
    return NoticeIndexPage.objects.get(locale=Locale.get_default())


def add_notice(index, title, published_days_ago, banner_days=None):
    now = timezone.now()
    notice = NoticePageFactory(
        parent=index,
        title=title,
        summary=f"Summary of {title}.",
        banner_until=now + timedelta(days=banner_days) if banner_days is not None else None,
    )
    # The factory publishes now; move the publication date back as if it had been published then.
    published = now - timedelta(days=published_days_ago)
    NoticePage.objects.filter(pk=notice.pk).update(first_published_at=published, last_published_at=published)
    return notice


def test_the_index_and_the_notice_exist_in_every_language_at_their_new_address(client, demo_site):
    titles_seen = set()
    for language in FULL:
        response = client.get(f"/{language}/notices/")
        assert response.status_code == 200, language
        content = response.content.decode()
        titles_seen.add(re.search(r"<h1>([^<]+)</h1>", content).group(1))
        assert f'href="/{language}/notices/covid-19-operations/"' in section(content, "current-notices-title")
        assert client.get(f"/{language}/notices/covid-19-operations/").status_code == 200, language
        assert client.get(f"/{language}/covid-19-operations/").status_code == 404, language
    assert len(titles_seen) == len(FULL) - 1  # translated everywhere (Spanish and Portuguese share "Avisos")


def test_the_index_is_in_the_menu_and_has_a_meta_description(client, demo_site):
    content = client.get("/fr/notices/").content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', content, re.S).group(0)
    assert 'href="/fr/notices/" aria-current="page"' in nav
    assert '<meta name="description" content="Annonces sur la manière' in content


def test_current_and_earlier_notices_with_date_and_summary(client, notices_index):
    add_notice(notices_index, "Office closed for a week", published_days_ago=10)
    add_notice(notices_index, "Old but still on every page", published_days_ago=400, banner_days=5)
    add_notice(notices_index, "Elections and our work", published_days_ago=200, banner_days=-150)
    add_notice(notices_index, "Move to a new office", published_days_ago=800)
    content = client.get("/en/notices/").content.decode()
    current = section(content, "current-notices-title")
    past = section(content, "past-notices-title")
    assert titles(current) == [
        "COVID-19: we are still working",
        "Office closed for a week",
        "Old but still on every page",
    ]
    assert titles(past) == ["Elections and our work", "Move to a new office"]
    assert "Summary of Move to a new office." in past
    published = (timezone.localdate() - timedelta(days=800)).isoformat()
    assert f'<time datetime="{published}">' in past
    # Only a notice whose banner is still up says until when it is shown (the demo's pandemic notice
    # is no longer a banner: a site-wide alert took that place).
    assert current.count("Shown on every page until") == 1
    assert "Shown on every page until" not in past


def test_without_any_notice_the_index_says_so(client, notices_index):
    NoticePage.objects.child_of(notices_index).delete()
    content = client.get("/en/notices/").content.decode()
    assert "There is no current notice." in content
    assert "past-notices-title" not in content


def test_earlier_notices_are_split_into_pages(client, notices_index):
    for number in range(25):
        add_notice(notices_index, f"Past notice {number:02d}", published_days_ago=100 + number)
    first = client.get("/en/notices/").content.decode()
    second = client.get("/en/notices/?page=2").content.decode()
    assert titles(section(first, "past-notices-title")) == [f"Past notice {n:02d}" for n in range(20)]
    assert titles(section(second, "past-notices-title")) == [f"Past notice {n:02d}" for n in range(20, 25)]
    assert 'href="?page=2" rel="next"' in first
    assert 'href="?page=1" rel="prev"' in second
    assert "current-notices-title" not in second
    # A page number that is not one still shows a page, never an error.
    assert client.get("/en/notices/?page=x").status_code == 200
    assert client.get("/en/notices/?page=99").status_code == 200


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/notices/").status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_number_of_notices(client, notices_index):
    for number in range(10):
        add_notice(notices_index, f"Notice {number}", published_days_ago=number * 40, banner_days=number - 5)
    with_ten = count_queries(client)
    for number in range(40):
        add_notice(notices_index, f"More {number}", published_days_ago=number * 20, banner_days=number - 20)
    assert count_queries(client) == with_ten


def test_notices_live_under_the_index_only(demo_site, notices_index):
    home = HomePage.objects.get(locale=Locale.get_default())
    assert NoticePage.can_create_at(notices_index)
    assert not NoticePage.can_create_at(home)
    assert not NoticeIndexPage.can_create_at(home)  # one per home, and it exists
    contact = Page.objects.get(slug="contact", locale=Locale.get_default())
    assert not NoticeIndexPage.can_create_at(contact)
    for notice in NoticePage.objects.all():
        assert isinstance(notice.get_parent().specific, NoticeIndexPage), notice.url_path


def test_home_still_lists_the_notice_at_its_new_address(client, demo_site):
    assert 'href="/es/notices/covid-19-operations/"' in client.get("/es/").content.decode()
