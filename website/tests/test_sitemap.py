"""sitemap.xml lists every live, public page in every language with its alternates; robots.txt names it."""

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, PageViewRestriction

from website.factories import StandardPageFactory

NAMESPACES = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$")


def sitemap(client):
    """{loc: (lastmod, {hreflang: href})} from /sitemap.xml, parsed as XML."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 (our own response, not untrusted input)
    assert root.tag == f"{{{NAMESPACES['sm']}}}urlset"
    entries = {}
    for url in root.findall("sm:url", NAMESPACES):
        loc = url.findtext("sm:loc", namespaces=NAMESPACES)
        assert loc not in entries, f"{loc} is listed twice"
        alternates = {}
        for link in url.findall("xhtml:link", NAMESPACES):
            assert link.get("rel") == "alternate"
            assert link.get("hreflang") not in alternates, loc
            alternates[link.get("hreflang")] = link.get("href")
        entries[loc] = (url.findtext("sm:lastmod", namespaces=NAMESPACES), alternates)
    return entries


def full_url(page):
    return f"http://testserver{page.get_url()}"


def expected_pages():
    """Every live, public page with an address, and its live, public translations by language."""
    pages = [
        page
        for page in Page.objects.live().public().filter(depth__gt=1).select_related("locale")
        if page.get_url() is not None
    ]
    translations = defaultdict(dict)
    for page in pages:
        translations[page.translation_key][page.locale.language_code] = full_url(page)
    return pages, translations


def test_the_sitemap_lists_every_live_public_page_of_every_language_with_its_alternates(client, demo_site):
    entries = sitemap(client)
    pages, translations = expected_pages()
    assert set(entries) == {full_url(page) for page in pages}
    assert {page.locale.language_code for page in pages} == {code for code, _name in settings.LANGUAGES}
    for page in pages:
        lastmod, alternates = entries[full_url(page)]
        expected = dict(translations[page.translation_key])
        expected["x-default"] = expected.get("en", full_url(page))
        assert alternates == expected, full_url(page)
        assert alternates[page.locale.language_code] == full_url(page)  # itself included
        published = page.last_published_at or page.first_published_at
        if published is None:
            assert lastmod is None, full_url(page)  # never a made-up date
        else:
            assert W3C_DATETIME.match(lastmod), (full_url(page), lastmod)
            assert datetime.fromisoformat(lastmod) == published.replace(microsecond=0), full_url(page)


def test_a_page_published_through_wagtail_has_its_last_publication_as_lastmod(client, demo_site):
    page = StandardPageFactory(parent=demo_site.root_page, title="Fresh", slug="fresh")
    page.save_revision().publish()
    page.refresh_from_db()
    lastmod, _alternates = sitemap(client)[full_url(page)]
    assert lastmod == page.last_published_at.astimezone(UTC).isoformat(timespec="seconds")


def test_the_sitemap_names_the_same_address_as_each_pages_canonical_link(client, demo_site):
    entries = sitemap(client)
    for slug, language in [("contact", "ar"), ("quick-exit", "pt")]:
        path = Page.objects.filter(slug=slug, locale__language_code=language).order_by("depth")[0].get_url()
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', client.get(path).content.decode())
        assert canonical.group(1) in entries, path


def test_home_pages_have_every_language_and_english_as_x_default(client, demo_site):
    _lastmod, alternates = sitemap(client)["http://testserver/ar/"]
    assert alternates["x-default"] == "http://testserver/en/"
    assert set(alternates) == {code for code, _name in settings.LANGUAGES} | {"x-default"}


def test_pages_missing_in_a_language_have_no_alternate_for_it(client, demo_site):
    english_home = demo_site.root_page
    only_english = StandardPageFactory(parent=english_home, title="Only in English", slug="only-english")
    _lastmod, alternates = sitemap(client)[full_url(only_english)]
    assert alternates == {"en": full_url(only_english), "x-default": full_url(only_english)}


def test_drafts_and_private_pages_are_left_out(client, demo_site):
    english_home = demo_site.root_page
    StandardPageFactory(parent=english_home, title="Draft", slug="a-draft", live=False)
    private = StandardPageFactory(parent=english_home, title="Private", slug="a-private-section")
    StandardPageFactory(parent=private, title="Inside", slug="inside")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="not-for-you")
    locs = set(sitemap(client))
    assert "http://testserver/en/" in locs
    assert "http://testserver/en/a-draft/" not in locs
    assert "http://testserver/en/a-private-section/" not in locs
    assert "http://testserver/en/a-private-section/inside/" not in locs


def add_translated_pages(site, count):
    french = Locale.objects.get(language_code="fr")
    for _ in range(count):
        english = StandardPageFactory(parent=site.root_page)
        english.save_revision().publish()
        french_page = english.copy_for_translation(french)
        french_page.save_revision().publish()


def test_sitemap_queries_do_not_grow_with_the_number_of_pages(client, demo_site):
    sitemap(client)  # warm the site and content-type caches
    with CaptureQueriesContext(connection) as before:
        before_count = len(sitemap(client))
    add_translated_pages(demo_site, 10)
    sitemap(client)  # new pages empty what the process remembers of the site: warm it again
    with CaptureQueriesContext(connection) as after:
        after_count = len(sitemap(client))
    assert after_count == before_count + 20
    assert len(after) == len(before)


def test_robots_txt_names_the_sitemap_and_never_the_admin(client, demo_site):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /exit/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert settings.ADMIN_PATH not in response.content.decode()


def test_robots_txt_follows_the_host_the_reader_used(client, demo_site):
    content = client.get("/robots.txt", HTTP_HOST="protectdefenders.example").content.decode()
    assert "Sitemap: http://protectdefenders.example/sitemap.xml" in content.splitlines()
