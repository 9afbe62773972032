"""Nobody can turn the page cache off from outside: made-up query strings, made-up session or message
cookies and made-up addresses are served what is stored, and pages refuse methods they do not take."""

import re
import secrets

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from website import page_cache
from website.sessions import SessionStore, is_signed_session_key


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def get(client, path, **headers):
    """The response, and how many SQL queries it cost (none when it came from the cache)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


def card_titles(response):
    return re.findall(r'<h2 class="news-card__title"><a href="[^"]*">(.*?)</a>', response.content.decode())


def stored_entries(prefix):
    """How many entries under `prefix` the cache holds (the test settings' cache is local memory)."""
    return sum(1 for key in cache._cache if f":{prefix}" in key)


# The query -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["?r=8431", "?utm_source=x&r=1", "?page=2", "?tag=grants", "?q=hello"])
def test_a_parameter_a_page_does_not_read_is_served_the_stored_page(client, demo_site, query):
    stored, _ = get(client, "/en/contact/")
    response, queries = get(client, f"/en/contact/{query}")
    assert queries == 0
    assert response.content == stored.content


def test_random_parameters_beside_the_ones_a_page_reads_are_served_the_stored_page(client, demo_site):
    first_page, _ = get(client, "/en/news/")
    second_page, queries = get(client, "/en/news/?page=2")
    assert queries > 0
    assert card_titles(second_page) != card_titles(first_page)
    for _ in range(3):
        response, queries = get(client, f"/en/news/?page=2&r={secrets.token_hex(8)}")
        assert queries == 0
        assert response.content == second_page.content
    response, queries = get(client, f"/en/news/?r={secrets.token_hex(8)}")
    assert (queries, response.content) == (0, first_page.content)


def test_the_first_view_with_a_random_parameter_is_stored_as_the_page_without_it(client, demo_site):
    response, queries = get(client, "/en/news/?tag=relocation&r=1")
    assert queries > 0
    again, queries = get(client, "/en/news/?tag=relocation")
    assert queries == 0
    assert again.content == response.content
    assert '<a href="/en/news/?tag=relocation" aria-current="page">' in again.content.decode()


def test_values_a_page_does_not_know_share_one_entry(client, demo_site):
    first_page, _ = get(client, "/en/news/")
    for value in ["abc", "1", "0", "-1", "999", " "]:
        response, queries = get(client, f"/en/news/?page={value}")
        assert queries == 0, value
        assert response.content == first_page.content, value
    unknown, _ = get(client, "/en/news/?tag=no-such-topic")
    assert "There is no news on this topic." in unknown.content.decode()
    for _ in range(3):
        response, queries = get(client, f"/en/news/?tag={secrets.token_hex(6)}")
        assert queries == 0
        assert response.content == unknown.content


def test_a_known_topic_and_page_still_show_their_own_list(client, demo_site):
    get(client, "/en/news/?tag=no-such-topic")  # the page's parameters are known from here on
    relocation, queries = get(client, "/en/news/?tag=relocation&r=2")
    assert queries > 0
    assert card_titles(relocation) != card_titles(get(client, "/en/news/")[0])
    assert "There is no news on this topic." not in relocation.content.decode()


# Cookies ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cookie",
    [
        "sessionid=made-up",
        f"sessionid={secrets.token_hex(16)}",  # the length and alphabet of Django's own keys
        f"sessionid={'a' * 40}",  # the length of ours, without our signature
        "csrftoken=" + "b" * 32,
        "messages=made-up-messages",
    ],
)
def test_a_made_up_cookie_is_served_the_stored_page(client, demo_site, cookie):
    stored, _ = get(client, "/en/contact/")
    reader = Client()
    for _ in range(3):
        response, queries = get(reader, "/en/contact/", cookie=cookie)
        assert queries == 0, cookie
        assert response.content == stored.content


def test_the_session_of_someone_who_left_is_looked_up_once_then_served_the_stored_page(client, demo_site):
    stored, _ = get(client, "/en/contact/")
    session = SessionStore()
    session["left"] = True
    session.create()
    key = session.session_key
    assert is_signed_session_key(key)
    session.delete()
    reader = Client()
    first, first_queries = get(reader, "/en/contact/", cookie=f"sessionid={key}")
    again, queries = get(reader, "/en/contact/", cookie=f"sessionid={key}")
    assert (first_queries, queries) == (1, 0)
    assert first.content == again.content == stored.content


def test_a_live_session_still_gets_the_page_rendered(client, demo_site, django_user_model):
    get(client, "/en/contact/")
    editor = Client()
    editor.force_login(django_user_model.objects.create_user("editor-with-session", password="x" * 16))
    assert is_signed_session_key(editor.cookies["sessionid"].value)
    _, queries = get(editor, "/en/contact/")
    assert queries > 1


# Made-up addresses -----------------------------------------------------------------------------------


def test_a_flood_of_made_up_addresses_keeps_one_404_per_language(client, demo_site):
    get(client, "/en/contact/")
    entries_before = stored_entries(page_cache.ENTRY_PREFIX)
    answers = set()
    for language in ["en", "ar"]:
        first, first_queries = get(client, f"/{language}/{secrets.token_hex(6)}/")
        for _ in range(20):
            path = f"/{language}/{secrets.token_hex(6)}/"
            response = client.get(path)
            assert response.status_code == 404
            assert response.content == first.content  # the page does not repeat the address
            assert path.encode() not in response.content
            assert not response.templates  # looked for, not rendered again
        answers.add(first.content)
    assert len(answers) == 2  # one per language
    again, queries = get(client, path)  # the last address asked again: remembered, not looked for
    assert (again.status_code, queries) == (404, 0)
    assert stored_entries(page_cache.ENTRY_PREFIX) == entries_before
    assert stored_entries(page_cache.NOT_FOUND_PREFIX) == 2


def test_the_404_that_offers_the_english_page_is_kept_for_its_own_address(client, demo_site):
    get(client, f"/fa/{secrets.token_hex(6)}/")  # the language's one 404 is stored
    untranslated, _ = get(client, "/fa/who-we-are/")
    assert untranslated.status_code == 404
    assert 'href="/en/who-we-are/"' in untranslated.content.decode()
    again, queries = get(client, "/fa/who-we-are/?r=1")
    assert (again.status_code, queries) == (404, 0)
    assert again.content == untranslated.content


# Methods ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["put", "delete", "patch", "post"])
def test_a_page_refuses_methods_it_does_not_take(client, demo_site, method):
    response = getattr(client, method)("/en/contact/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_a_form_page_takes_its_post_and_refuses_the_rest(client, demo_site, method):
    response = getattr(client, method)("/en/request-support/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS, POST"


def test_options_lists_the_methods_and_shows_nothing(client, demo_site):
    for path, allowed in [("/en/contact/", "GET, HEAD, OPTIONS"), ("/en/news/", "GET, HEAD, OPTIONS")]:
        response = client.options(path)
        assert (response.status_code, response["Allow"], response.content) == (200, allowed, b"")


def test_a_form_page_still_answers_a_post(client, demo_site):
    response = client.post("/en/request-support/", {})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_a_put_never_reaches_a_stored_page(client, demo_site):
    get(client, "/en/contact/")
    response = client.put("/en/contact/", "x")
    assert response.status_code == 405
    assert not response.content
