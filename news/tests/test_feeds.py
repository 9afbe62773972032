"""RSS and Atom feeds per language: valid, in the right language, and carrying nothing but the list."""

import re
from xml.etree import ElementTree

import feedparser
import pytest

from news.factories import NewsIndexPageFactory, NewsPageFactory
from news.models import NewsIndexPage, NewsPage

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = [("rss", "application/rss+xml"), ("atom", "application/atom+xml")]


def newest_news(language, count=20):
    index = NewsIndexPage.objects.get(locale__language_code=language)
    return list(NewsPage.objects.child_of(index).live().order_by("-date", "-pk")[:count])


@pytest.mark.parametrize("language", ["en", "fr", "es", "ru", "ar"])
@pytest.mark.parametrize(("kind", "content_type"), FEEDS)
def test_feed_parses_cleanly_in_its_own_language(client, demo_site, language, kind, content_type):
    response = client.get(f"/{language}/news/feed/{kind}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.language == language
    expected = newest_news(language)
    assert [entry.title for entry in feed.entries] == [page.title for page in expected]
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver/{language}/news/{page.slug}/" for page in expected
    ]
    assert [entry.summary for entry in feed.entries] == [page.summary for page in expected]
    for entry, page in zip(feed.entries, expected, strict=True):
        published = entry.published_parsed
        assert (published.tm_year, published.tm_mon) == (page.date.year, page.date.month)


def test_french_feed_has_the_french_titles_not_the_english_ones(client, demo_site):
    french = feedparser.parse(client.get("/fr/news/feed/rss/").content)
    english_titles = {page.title for page in newest_news("en")}
    french_titles = {entry.title for entry in french.entries}
    assert french_titles == {page.title for page in newest_news("fr")}
    assert not french_titles & english_titles
    assert "Actualités" in french.feed.title


def test_feed_links_follow_the_host_and_scheme_the_reader_used(client, demo_site):
    response = client.get("/es/news/feed/atom/", secure=True, headers={"host": "protectdefenders.example"})
    feed = feedparser.parse(response.content)
    assert feed.entries
    for entry in feed.entries:
        assert entry.link.startswith("https://protectdefenders.example/es/news/")
    assert feed.feed.link == "https://protectdefenders.example/es/news/"


def test_rss_items_carry_only_title_link_summary_and_date(client, demo_site):
    root = ElementTree.fromstring(client.get("/en/news/feed/rss/").content)  # noqa: S314 (our own feed)
    items = root.findall("./channel/item")
    assert items
    for item in items:
        assert {child.tag for child in item} <= {"title", "link", "description", "pubDate", "guid"}


def test_atom_entries_carry_only_title_link_summary_and_date(client, demo_site):
    root = ElementTree.fromstring(client.get("/en/news/feed/atom/").content)  # noqa: S314 (our own feed)
    entries = root.findall(f"{ATOM}entry")
    assert entries
    allowed = {f"{ATOM}{name}" for name in ("title", "link", "summary", "published", "updated", "id")}
    for entry in entries:
        assert {child.tag for child in entry} <= allowed


def test_feeds_leak_no_body_image_topic_or_unpublished_news(client, news_index):
    NewsPageFactory(parent=news_index, title="Embargoed announcement", live=False)
    item = NewsPage.objects.child_of(news_index).live().get(slug="our-new-annual-report")
    body_text = re.sub(r"<[^>]+>", "", item.body[0].value.source)[:60]
    for kind, _type in FEEDS:
        content = client.get(f"/en/news/feed/{kind}/").content.decode()
        assert item.title in content
        assert body_text not in content
        assert "Embargoed announcement" not in content
        assert "/media/" not in content
        assert "<category" not in content
        assert "publications" not in content  # the item's topic


def test_feeds_are_advertised_in_the_head_of_the_index_and_of_each_news_page(client, demo_site):
    for language in ["en", "ar"]:
        item = newest_news(language, count=1)[0]
        for path in [f"/{language}/news/", f"/{language}/news/{item.slug}/"]:
            content = client.get(path).content.decode()
            head = content.split("</head>")[0]
            for kind, content_type in FEEDS:
                assert re.search(
                    rf'<link rel="alternate" type="{re.escape(content_type)}" title="[^"]+" '
                    rf'href="/{language}/news/feed/{kind}/">',
                    head,
                ), (path, kind)


def test_an_empty_index_still_has_valid_feeds(client, english_home):
    NewsIndexPageFactory(parent=english_home, slug="quiet-news", title="Quiet news")
    for kind, _type in FEEDS:
        feed = feedparser.parse(client.get(f"/en/quiet-news/feed/{kind}/").content)
        assert not feed.bozo
        assert feed.entries == []
