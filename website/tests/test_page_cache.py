"""The full-page cache: what anonymous readers get from it, what it never keeps, and what empties it."""

import gzip
import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, PageViewRestriction

from vacancies.factories import VacancyPageFactory
from vacancies.models import VacancyIndexPage
from website.factories import NoticePageFactory, StandardPageFactory
from website.models import NoticeIndexPage, StandardPage


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def get(client, path, **headers):
    """The response, and how many SQL queries it cost (none when it came from the cache)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


def title(response):
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


def english(slug):
    return Page.objects.get(slug=slug, locale=Locale.get_default()).specific


def publish_title(page, new_title):
    page.title = new_title
    page.save_revision().publish()


def test_an_anonymous_reader_gets_the_second_view_of_a_page_from_the_cache(client, demo_site):
    first, first_queries = get(client, "/en/contact/")
    second, second_queries = get(client, "/en/contact/")
    assert first_queries > 0
    assert second_queries == 0
    assert second.status_code == 200
    assert second.content == first.content
    # The headers every page carries come with the cached copy too.
    assert "frame-ancestors 'none'" in second["Content-Security-Policy"]
    assert second["Referrer-Policy"] == "no-referrer"
    assert not second.cookies


def test_head_requests_are_answered_from_the_cache(client, demo_site):
    client.get("/en/contact/")
    with CaptureQueriesContext(connection) as queries:
        response = client.head("/en/contact/")
    assert response.status_code == 200
    assert len(queries) == 0


def test_each_language_path_and_query_has_its_own_entry(client, demo_site):
    english_page, _ = get(client, "/en/news/")
    arabic_page, queries = get(client, "/ar/news/")
    assert queries > 0
    assert 'lang="ar"' in arabic_page.content.decode()[:200]
    second_page, queries = get(client, "/en/news/?page=2")
    assert queries > 0
    assert second_page.content != english_page.content
    _, queries = get(client, "/en/news/?page=2")
    assert queries == 0


def test_a_cached_page_is_sent_compressed_to_readers_who_accept_gzip(client, demo_site):
    plain, _ = get(client, "/en/faq/")
    compressed, queries = get(client, "/en/faq/", accept_encoding="gzip, deflate")
    assert queries == 0
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 3


def test_a_form_page_is_never_cached_and_its_csrf_cookie_never_reaches_another_reader(client, demo_site):
    for _ in range(2):
        response, queries = get(client, "/en/request-support/", accept_encoding="gzip")
        assert queries > 0
        assert "no-store" in response["Cache-Control"]
    # A page with a CSRF token is not compressed either (BREACH).
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not response.has_header("Content-Encoding")
    # The reader of a form page got a CSRF cookie; the next reader of any page gets none from the cache.
    stranger = Client()
    for path in ["/en/", "/en/contact/", "/en/request-support/"]:
        stranger.get(path)
    reader = Client()
    for path in ["/en/", "/en/contact/"]:
        response, queries = get(reader, path)
        assert queries == 0, path
        assert not response.cookies, path
        assert "csrftoken" not in str(response.items())


def test_someone_logged_in_never_gets_or_leaves_a_cached_page(client, demo_site, django_user_model):
    client.get("/en/contact/")
    contact = english("contact")
    # Changed behind the cache's back (no signal): only a fresh rendering shows it.
    StandardPage.objects.filter(pk=contact.pk).update(title="Contact, changed quietly")
    editor = Client()
    editor.force_login(django_user_model.objects.create_user("reader-with-account", password="x" * 16))
    response, queries = get(editor, "/en/contact/")
    assert queries > 0
    assert title(response) == "Contact, changed quietly"
    assert title(client.get("/en/contact/")) != "Contact, changed quietly"


def test_publishing_a_page_shows_at_once_on_every_page(client, demo_site):
    for path in ["/en/contact/", "/en/", "/en/faq/"]:
        client.get(path)
    publish_title(english("contact"), "Write to us")
    assert title(client.get("/en/contact/")) == "Write to us"
    # Other pages show it too (e.g. in the navigation), so they are emptied as well.
    faq, queries = get(client, "/en/faq/")
    assert queries > 0


def test_an_update_of_the_code_renders_every_page_anew(client, demo_site):
    """An update ends with `migrate`: no page rendered by the old code's templates outlives it."""
    from django.core.management.sql import emit_post_migrate_signal

    get(client, "/en/contact/")
    assert get(client, "/en/contact/")[1] == 0
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert get(client, "/en/contact/")[1] > 0


def test_unpublishing_moving_and_deleting_empty_the_cache(client, demo_site):
    page = StandardPageFactory(parent=demo_site.root_page, slug="soon-gone", title="Soon gone")
    assert client.get("/en/soon-gone/").status_code == 200
    page.unpublish()
    assert client.get("/en/soon-gone/").status_code == 404

    page.save_revision().publish()
    assert client.get("/en/soon-gone/").status_code == 200
    page.move(english("contact"), pos="last-child")
    moved = client.get("/en/soon-gone/")  # Wagtail leaves a redirect at the old address
    assert (moved.status_code, moved["Location"]) == (301, "/en/contact/soon-gone/")
    assert client.get("/en/contact/soon-gone/").status_code == 200

    Page.objects.get(pk=page.pk).delete()
    assert client.get("/en/contact/soon-gone/").status_code == 404


def test_a_404_is_cached_briefly_and_a_new_redirect_replaces_it(client, demo_site):
    missing, _ = get(client, "/en/no-such-page/")
    again, queries = get(client, "/en/no-such-page/")
    # Kept once for the language (see test_page_cache_abuse), which remembers this address.
    assert (missing.status_code, again.status_code, queries) == (404, 404, 0)
    Redirect.add_redirect("/en/no-such-page", redirect_to="/en/contact/")
    assert client.get("/en/no-such-page/").status_code == 301


def test_changing_a_setting_or_the_footer_shows_at_once(client, demo_site):
    from website.models import FooterText, SafetySettings

    client.get("/en/contact/")
    safety = SafetySettings.for_site(demo_site)
    safety.hotline_number = "+3225550199"
    safety.save()
    assert "tel:+3225550199" in client.get("/en/contact/").content.decode()
    footer = FooterText.objects.get(locale=Locale.get_default())
    footer.body = "<p>Footer changed</p>"
    footer.save()
    assert "Footer changed" in client.get("/en/contact/").content.decode()


def test_synchronising_a_translation_shows_at_once_in_that_language(
    client, demo_site, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import Translation, TranslationSource

    vacancy = VacancyPageFactory(
        parent=VacancyIndexPage.objects.get(locale=Locale.get_default()),
        slug="sync-check",
        closing_at=timezone.now() + timedelta(days=30),
    )
    source, _ = TranslationSource.get_or_create_from_instance(vacancy)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="ar")
    )
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(publish=True)
    assert client.get("/ar/vacancies/sync-check/").status_code == 200
    assert "vacancy-closed" not in client.get("/ar/vacancies/sync-check/").content.decode()
    # closing_at is synchronised: the editor closes the English vacancy and updates the translation.
    vacancy.closing_at = timezone.now() - timedelta(days=1)
    vacancy.save_revision().publish()
    source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    arabic = client.get("/ar/vacancies/sync-check/").content.decode()
    assert "vacancy-closed" in arabic


def test_a_notice_banner_leaves_every_cached_page_when_it_ends(client, demo_site):
    ends = timezone.now() + timedelta(minutes=2)
    NoticePageFactory(
        parent=NoticeIndexPage.objects.get(locale=Locale.get_default()),
        title="Office closed today",
        summary="We answer the hotline as usual.",
        banner_until=ends,
    )
    assert "Office closed today" in client.get("/en/contact/").content.decode()
    _, queries = get(client, "/en/contact/")
    assert queries == 0
    with time_machine.travel(ends + timedelta(seconds=1), tick=False):
        response, queries = get(client, "/en/contact/")
    assert queries > 0
    assert "Office closed today" not in response.content.decode()


def test_a_cached_vacancy_leaves_the_open_list_at_its_closing_time(client, demo_site):
    closes = timezone.now() + timedelta(minutes=3)
    VacancyPageFactory(
        parent=VacancyIndexPage.objects.get(locale=Locale.get_default()),
        title="Closing soon officer",
        closing_at=closes,
    )
    open_list = re.compile(r'id="open-vacancies".*?</section>', re.S)
    for path in ["/en/vacancies/", "/en/"]:
        content = client.get(path).content.decode()
        assert "Closing soon officer" in (open_list.search(content).group(0) if path != "/en/" else content)
        _, queries = get(client, path)
        assert queries == 0, path
    with time_machine.travel(closes + timedelta(seconds=1), tick=False):
        index = client.get("/en/vacancies/").content.decode()
        home = client.get("/en/").content.decode()
    assert "Closing soon officer" not in open_list.search(index).group(0)
    assert "Closing soon officer" not in home


def test_a_restricted_page_is_never_cached(client, demo_site):
    page = StandardPageFactory(parent=demo_site.root_page, slug="members-only", title="Members only")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    for _ in range(2):
        response, queries = get(client, "/en/members-only/")
        assert queries > 0
        assert "Members only" not in title(response)
