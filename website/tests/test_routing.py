"""The faster routing and addresses (website/routing.py) answer exactly as Wagtail's own would."""

import pytest
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Locale, Page

from website.factories import StandardPageFactory
from website.models import BasePage


def test_every_page_has_the_address_wagtail_would_give_it(demo_site):
    pages = [page for page in Page.objects.filter(depth__gt=1).specific() if isinstance(page, BasePage)]
    assert len(pages) > 100
    for language in ("en", "ar", "fa"):
        with translation.override(language):
            for page in pages:
                assert page.get_url_parts() == Page.get_url_parts(page), (page.url_path, language)


def test_an_address_in_a_script_not_latin_is_quoted_as_wagtail_quotes_it(demo_site):
    home = Page.objects.get(depth=2, locale=Locale.get_default()).specific
    page = StandardPageFactory(parent=home, title="Связь", slug="связь")
    assert page.url == Page.get_url_parts(page)[2] == "/en/%D1%81%D0%B2%D1%8F%D0%B7%D1%8C/"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_is_found_at_its_address_and_nowhere_else(client, demo_site, language):
    locale = Locale.objects.get(language_code=language)
    pages = Page.objects.live().public().filter(locale=locale, depth__gt=2)
    assert pages.count() > 10
    for page in pages:
        response = client.get(page.url)
        assert response.status_code in (200, 503), page.url  # 503: a form page without its inbox
        assert escape(page.title).encode() in response.content, page.url  # this page, not another
        # One letter off at the end, and one level too deep: nothing there.
        assert client.get(page.url[:-1] + "x/").status_code == 404
        assert client.get(page.url + "no-such-child/").status_code == 404


def test_a_renamed_page_moves_at_once_though_its_old_address_was_remembered(client, demo_site):
    home = Page.objects.get(depth=2, locale=Locale.get_default()).specific
    page = StandardPageFactory(parent=home, title="Before", slug="before")
    assert client.get("/en/before/").status_code == 200  # remembered by this process
    page.slug = "after"
    page.save_revision().publish()
    assert client.get("/en/before/").status_code == 404
    assert client.get("/en/after/").status_code == 200


def test_a_page_under_an_unpublished_section_is_found_as_wagtail_finds_it(client, demo_site):
    # Wagtail's routing passes through a page that is not live and checks only the page asked for.
    home = Page.objects.get(depth=2, locale=Locale.get_default()).specific
    section = StandardPageFactory(parent=home, title="Section", slug="section")
    child = StandardPageFactory(parent=section, title="Child", slug="child")
    section.unpublish()
    child.refresh_from_db()
    assert child.live
    assert client.get("/en/section/").status_code == 404
    assert client.get("/en/section/child/").status_code == 200
