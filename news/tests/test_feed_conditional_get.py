"""Feed readers poll: a feed answers 304 with no body when the reader already has it."""

import pytest

from news.factories import NewsPageFactory
from vacancies.models import VacancyIndexPage

FEEDS = ["/en/news/feed/rss/", "/en/news/feed/atom/", "/ar/news/feed/rss/"]


@pytest.fixture(params=[0, 600], ids=["uncached", "page-cache"])
def page_cache(request, settings):
    settings.PAGE_CACHE_SECONDS = request.param


@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_answers_304_to_its_own_etag_and_date(client, demo_site, page_cache, url):
    first = client.get(url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": last_modified}):
        again = client.get(url, headers=headers)
        assert again.status_code == 304, headers
        assert again.content == b""
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_a_new_item_changes_the_etag_and_the_reader_gets_it(client, demo_site, news_index, page_cache):
    etag = client.get("/en/news/feed/rss/")["ETag"]
    NewsPageFactory(parent=news_index, title="Fresh news for feed readers", slug="fresh-for-feeds")
    response = client.get("/en/news/feed/rss/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Fresh news for feed readers" in response.content.decode()


def test_the_vacancies_feed_answers_304_to_its_etag(client, demo_site, page_cache):
    url = VacancyIndexPage.objects.get(locale__language_code="en").feed_url()
    first = client.get(url)
    assert first.status_code == 200
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
