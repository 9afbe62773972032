"""The news index: newest first, in its own language, paginated, filtered by topic, cheap to render."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from news.factories import NewsImageFactory, NewsIndexPageFactory, NewsPageFactory
from news.models import NewsIndexPage, NewsPage

CARD_TITLE = re.compile(r'<h2 class="news-card__title"><a href="([^"]*)">(.*?)</a></h2>')
CARD_IMAGE = re.compile(
    r'<img class="news-card__image" src="(/media/images/[^"]+\.webp)" width="(\d+)" height="(\d+)" '
    r'alt="([^"]+)" loading="lazy"'
)


def card_titles(content):
    return [title for _url, title in CARD_TITLE.findall(content)]


def live_news(index):
    return NewsPage.objects.child_of(index).live()


@pytest.mark.parametrize("language", ["en", "fr", "es", "ru", "ar"])
def test_index_lists_its_own_languages_news_newest_first(client, demo_site, language):
    index = NewsIndexPage.objects.get(locale__language_code=language)
    content = client.get(f"/{language}/news/").content.decode()
    shown = CARD_TITLE.findall(content)
    assert len(shown) == 10
    own = {escape(page.title): page for page in live_news(index)}
    for url, title in shown:
        assert url.startswith(f"/{language}/news/")
        assert title in own
    dates = [own[title].date for _url, title in shown]
    assert dates == sorted(dates, reverse=True)
    assert re.findall(r'<time datetime="([\d-]+)">', content) == [d.isoformat() for d in dates]


def test_translated_index_shows_no_english_news(client, news_index):
    french = client.get("/fr/news/").content.decode()
    english_titles = [escape(page.title) for page in live_news(news_index)]
    assert english_titles
    for title in english_titles:
        assert title not in french


def test_second_page_lists_the_older_news_and_links_back(client, news_index):
    total = live_news(news_index).count()
    assert total > 10
    first = client.get("/en/news/").content.decode()
    second = client.get("/en/news/?page=2").content.decode()
    assert len(card_titles(first)) == 10
    assert len(card_titles(second)) == total - 10
    assert not set(card_titles(first)) & set(card_titles(second))
    assert '<a href="/en/news/?page=2" rel="next">' in first
    assert 'rel="prev"' not in first
    assert '<a href="/en/news/" rel="prev">' in second
    assert 'rel="next"' not in second


@pytest.mark.parametrize(
    ("value", "expected_page"),
    [
        ("abc", 1),
        ("", 1),
        ("1.5", 1),
        ("\x00", 1),
        ("0", 1),
        ("-1", 1),
        ("999", 1),
        ("99999999999999999999999999", 1),
    ],
)
def test_an_invalid_page_number_falls_back_instead_of_failing(client, news_index, value, expected_page):
    # Any page number the list does not have shows the first page (so the page cache keeps one entry
    # for all of them: website/page_cache.py, "The query").
    response = client.get("/en/news/", {"page": value})
    assert response.status_code == 200
    expected = client.get("/en/news/" if expected_page == 1 else f"/en/news/?page={expected_page}")
    assert card_titles(response.content.decode()) == card_titles(expected.content.decode())


def test_topic_filter_lists_only_that_topics_news(client, news_index):
    tagged = {escape(page.title) for page in live_news(news_index).filter(tags__slug="relocation")}
    assert 2 <= len(tagged) < live_news(news_index).count()
    content = client.get("/en/news/?tag=relocation").content.decode()
    assert set(card_titles(content)) == tagged
    assert '<a href="/en/news/?tag=relocation" aria-current="page">relocation</a>' in content


def test_topic_filter_works_in_every_language_with_the_same_topics(client, news_index):
    english_keys = set(
        live_news(news_index).filter(tags__slug="grants").values_list("translation_key", flat=True)
    )
    french_index = NewsIndexPage.objects.get(locale__language_code="fr")
    french_titles = {
        escape(page.title) for page in live_news(french_index).filter(translation_key__in=english_keys)
    }
    content = client.get("/fr/news/?tag=grants").content.decode()
    assert set(card_titles(content)) == french_titles
    assert len(french_titles) == len(english_keys)
    # Topics are not translated: their names are marked as being in English.
    assert '<a href="/fr/news/?tag=grants" aria-current="page" lang="en">grants</a>' in content


def test_an_unknown_topic_lists_nothing_and_says_so(client, news_index):
    response = client.get("/en/news/?tag=no-such-topic")
    assert response.status_code == 200
    content = response.content.decode()
    assert card_titles(content) == []
    assert "There is no news on this topic." in content


def test_topic_and_page_are_kept_together_in_pagination_links(client, english_home):
    index = NewsIndexPageFactory(parent=english_home, slug="topic-pages")
    for number in range(12):
        NewsPageFactory(parent=index, title=f"Tagged {number}", tags=["tagged"])
    NewsPageFactory(parent=index, title="Untagged")
    first = client.get("/en/topic-pages/?tag=tagged").content.decode()
    assert len(card_titles(first)) == 10
    assert '<a href="/en/topic-pages/?tag=tagged&amp;page=2" rel="next">' in first
    second = client.get("/en/topic-pages/?tag=tagged&page=2").content.decode()
    assert len(card_titles(second)) == 2
    assert "Untagged" not in first + second
    assert '<a href="/en/topic-pages/?tag=tagged" rel="prev">' in second


def test_cards_show_a_thumbnail_rendition_with_its_size_and_alt_text(client, demo_site):
    content = client.get("/fr/news/").content.decode()
    french_index = NewsIndexPage.objects.get(locale__language_code="fr")
    with_image = [
        page for page in live_news(french_index).order_by("-date", "-pk")[:10] if page.image_id is not None
    ]
    images = CARD_IMAGE.findall(content)
    assert len(images) == len(with_image) > 0
    assert [alt for _src, _w, _h, alt in images] == [escape(page.image_alt) for page in with_image]
    for _src, width, height, _alt in images:
        assert (width, height) == ("480", "270")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "March 4, 2025"),
        ("fr", "4 mars 2025"),
        ("es", "4 de marzo de 2025"),
        ("ru", "4 марта 2025 г."),
        ("ar", "4 مارس، 2025"),
    ],
)
def test_dates_are_written_the_way_the_reader_writes_them(client, news_index, language, expected):
    item = live_news(news_index).get(slug="what-happens-when-you-call-our-emergency-line")
    NewsPage.objects.filter(translation_key=item.translation_key).update(date=date(2025, 3, 4))
    time_tag = f'<time datetime="2025-03-04">{expected}</time>'
    assert time_tag in client.get(f"/{language}/news/?tag=emergency").content.decode()
    assert time_tag in client.get(f"/{language}/news/{item.slug}/").content.decode()


def test_index_is_in_the_main_navigation_with_its_meta_description(client, demo_site):
    content = client.get("/fr/").content.decode()
    navigation = re.search(r'<nav class="main-nav".*?</nav>', content, re.S).group(0)
    assert '<a href="/fr/news/">Actualités</a>' in navigation
    french_index = NewsIndexPage.objects.get(locale__language_code="fr")
    index_page = client.get("/fr/news/").content.decode()
    assert f'<meta name="description" content="{escape(french_index.intro)}">' in index_page


def test_drafts_and_other_indexes_news_are_not_listed(client, news_index, english_home):
    NewsPageFactory(parent=news_index, title="A draft nobody may see yet", live=False)
    other_index = NewsIndexPageFactory(parent=english_home, slug="other-news")
    NewsPageFactory(parent=other_index, title="News of another index")
    content = client.get("/en/news/").content.decode() + client.get("/en/news/?page=2").content.decode()
    assert "A draft nobody may see yet" not in content
    assert "News of another index" not in content


@pytest.mark.parametrize("query", ["", "?tag=even"])
def test_index_queries_do_not_grow_with_the_number_of_news(client, english_home, query):
    index = NewsIndexPageFactory(parent=english_home, slug="many-news")
    images = NewsImageFactory.create_batch(3)

    def add_news(count):
        for number in range(count):
            NewsPageFactory(
                parent=index,
                image=images[number % 3] if number % 4 else None,
                image_alt="A test picture",
                tags=["even"] if number % 2 == 0 else ["odd", "other"],
            )

    def queries_to_render():
        client.get(f"/en/many-news/{query}")  # creates the renditions, once
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/en/many-news/{query}")
        assert response.status_code == 200
        assert len(card_titles(response.content.decode())) >= 5
        return len(queries)

    add_news(10)
    with_ten = queries_to_render()
    add_news(40)
    assert queries_to_render() == with_ten


def test_a_published_item_is_listed_at_once_though_the_cards_are_kept(client, news_index):
    """The cards are a cached fragment of the content version: publishing names a new one."""
    before = card_titles(client.get("/en/news/").content.decode())
    item = NewsPageFactory(parent=news_index, title="Published a moment ago", live=False, date=date.today())
    assert card_titles(client.get("/en/news/").content.decode()) == before
    item.save_revision().publish()
    assert card_titles(client.get("/en/news/").content.decode())[0] == "Published a moment ago"
    item.refresh_from_db()
    item.unpublish()
    assert "Published a moment ago" not in card_titles(client.get("/en/news/").content.decode())
