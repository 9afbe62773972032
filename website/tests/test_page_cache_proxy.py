"""What the page cache tells a proxy in front (deploy/nginx): keep a page as long as this cache would."""

import re

import pytest
from django.test import Client

MAX_AGE = re.compile(r"s-maxage=(\d+)")


@pytest.fixture(autouse=True)
def proxy_in_front(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }


def shared_max_age(response):
    match = MAX_AGE.search(response.get("Cache-Control", ""))
    return int(match.group(1)) if match else None


def test_a_page_says_how_long_a_proxy_may_keep_it_whether_rendered_or_from_this_cache(demo_site):
    client = Client()
    rendered = client.get("/en/contact/")
    stored = client.get("/en/contact/")
    assert rendered.status_code == stored.status_code == 200
    assert 0 < shared_max_age(rendered) <= 600
    # Served from this cache: still allowed, for no longer than this cache has left. Without it, the
    # proxy would keep a page only when it happened to miss this cache.
    assert 0 < shared_max_age(stored) <= shared_max_age(rendered)


def test_a_form_page_tells_a_proxy_nothing_it_could_keep(demo_site):
    response = Client().get("/en/request-support/")
    assert response.status_code == 200
    assert shared_max_age(response) is None
    assert "no-store" in response["Cache-Control"]


def test_without_a_proxy_in_front_no_shared_cache_is_invited(demo_site, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    client = Client()
    client.get("/en/contact/")
    assert shared_max_age(client.get("/en/contact/")) is None
