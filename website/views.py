"""Site-wide views: quick exit, search, sitemap.xml, robots.txt, 404/500 pages in the reader's language."""

import re
import sys
import unicodedata
from collections import defaultdict
from datetime import UTC
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page, Site

from . import page_cache, routing
from .models import SafetySettings
from .templatetags.site_tags import language_name, x_default_url

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@never_cache
@require_GET
def quick_exit(request):
    """Leave at once: the browser drops this site's cache, cookies and storage and opens a neutral site."""
    language = request.GET.get("lang", "")
    if language not in LANGUAGE_CODES:
        language = translation.get_language_from_request(request, check_path=False)
    safety = SafetySettings.for_request(request)
    response = HttpResponseRedirect(safety.exit_url_for(language))
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@require_GET
def robots_txt(request):
    # The admin's path is deliberately not named here: robots.txt is public.
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(
        f"User-agent: *\nDisallow: /exit/\n\nSitemap: {sitemap_url}\n", content_type="text/plain"
    )


SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_PER_PAGE = 10
SEARCH_SUMMARY_MAX_LENGTH = 300
# A word is letters and digits with the marks that sit on them: Python's \w leaves out combining marks,
# and would cut the Arabic "يموّل" at its shadda, or a Persian word at its zero-width non-joiner.
WORD = re.compile(r"[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200c]+")


def clean_search_query(raw):
    """The query as the reader typed it, minus control characters (a NUL breaks PostgreSQL), capped."""
    text = "".join(" " if unicodedata.category(char).startswith("C") else char for char in raw)
    return " ".join(text.split())[:SEARCH_QUERY_MAX_LENGTH].strip()


def search_terms(query):
    """Words only: quotes, brackets and operators would be FTS syntax to SQLite and are not meant as such."""
    return WORD.findall(query)


def fold(text):
    """Case- and accent-free form: "defenseurs" marks "défenseurs", and Arabic harakat don't matter."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def highlight(text, terms):
    """`text` escaped, with each word that starts with a query term wrapped in <mark>.

    Works on the plain text word by word and escapes every piece, so a mark never lands inside an
    entity or a tag, and markup in the text (`<script>`) is shown, never run.
    """
    folded_terms = {fold(term) for term in terms}
    if len(folded_terms) > 1:
        # Lone letters (the "d" of "d'urgence") would mark half the words of a summary.
        folded_terms = {term for term in folded_terms if len(term) > 1} or folded_terms
    pieces = []
    position = 0
    for match in WORD.finditer(text):
        pieces.append(text[position : match.start()])
        word = match.group(0)
        folded_word = fold(word)
        if any(folded_word.startswith(term) for term in folded_terms):
            pieces.append(format_html("<mark>{}</mark>", word))
        else:
            pieces.append(word)
        position = match.end()
    pieces.append(text[position:])
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def search_language_links(query):
    """The language switcher of the search page: the same query, searched in each language."""
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse("search")
        if query:
            url += "?" + urlencode({"q": query})
        links.append({"code": code, "name": language_name(code), "url": url, "is_current": code == current})
    return links


@require_GET
def search(request):
    """Live, public pages of the reader's language that match `q`, best first, ten to a page."""
    query = clean_search_query(request.GET.get("q", ""))
    terms = search_terms(query)
    results_page = None
    results = []
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        locale = None  # a language of the interface with no content yet: nothing to find
    if terms and locale is not None:
        pages = Page.objects.live().public().filter(locale=locale).specific()
        # "and", as the PostgreSQL backend does by default, so SQLite in development ranks the same way.
        matches = pages.search(" ".join(terms), operator="and")
        results_page = Paginator(matches, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        for page in results_page:
            summary = Truncator(page.get_meta_description() or "").chars(SEARCH_SUMMARY_MAX_LENGTH)
            results.append(
                {"title": page.title, "url": page.get_url(request), "summary": highlight(summary, terms)}
            )
    if not query:
        title = _("Search")
    elif results_page is not None and results_page.number > 1:
        title = _("Search results for “%(query)s”, page %(number)s") % {
            "query": query,
            "number": results_page.number,
        }
    else:
        title = _("Search results for “%(query)s”") % {"query": query}
    context = {
        "title": title,
        # Without the query: what someone searched for is not part of the page's identity.
        "own_url": request.build_absolute_uri(request.path),
        "query": query,
        "results": results,
        "results_page": results_page,
        "result_count": results_page.paginator.count if results_page else 0,
        "page_query": urlencode({"q": query}),
        "language_links": search_language_links(query),
    }
    return render(request, "website/search.html", context)


def sitemap_lastmod(page):
    modified = page.last_published_at or page.first_published_at
    return modified.astimezone(UTC).isoformat(timespec="seconds") if modified else None


@require_GET
def sitemap_xml(request):
    """Every live, public page in every language, each with its translations as hreflang alternates.

    A fixed number of queries however many pages: the pages in one query, their locales in another,
    and translations grouped in memory by translation_key.
    """
    language_codes = dict(Locale.objects.values_list("pk", "language_code"))
    # specific(defer=True) builds each page as its own class without querying its table, so a page type
    # that overrides its URL still gets the right one.
    pages = Page.objects.live().public().filter(depth__gt=1).order_by("path").specific(defer=True)
    language_order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
    entries = []
    by_translation_key = defaultdict(list)
    for page in pages:
        url = page.get_url(request)
        if url is None:
            continue  # not under any site: it has no address
        # The same absolute address as the page's own <link rel="canonical"> (see site_tags.absolute_url).
        alternate = {"code": language_codes[page.locale_id], "full_url": request.build_absolute_uri(url)}
        by_translation_key[page.translation_key].append(alternate)
        entries.append(
            {"loc": alternate["full_url"], "lastmod": sitemap_lastmod(page), "key": page.translation_key}
        )
    for alternates in by_translation_key.values():
        alternates.sort(key=lambda item: language_order.get(item["code"], len(language_order)))
    for entry in entries:
        entry["alternates"] = by_translation_key[entry["key"]]
        entry["x_default"] = x_default_url(entry["alternates"])
    return render(
        request, "website/sitemap.xml", {"entries": entries}, content_type="application/xml; charset=utf-8"
    )


def find_source_page(request, path):
    """The page at `path` in the default language, if it exists there and is public."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    try:
        route = routing.route(request, site.root_page, path)
    except Http404:
        return None
    page = route.page
    if not page.live or page.get_view_restrictions().exists():
        return None
    return page


def page_not_found(request, exception=None):
    """A 404 in the reader's language; if the page exists in English only, say so and offer it."""
    language = translation.get_language_from_path(request.path_info) or translation.get_language()
    # override, not activate: the language must not outlive this response in the thread.
    with translation.override(language):
        source_page = None
        if language != settings.LANGUAGE_CODE:
            path = request.path_info.removeprefix(f"/{language}/")
            source_page = find_source_page(request, path)
        if source_page is None:
            # The same answer for every address where nothing is: kept once per language.
            cached = page_cache.cached_not_found(request)
            if cached is not None:
                return cached
        context = {"source_page": source_page}
        if source_page is not None:
            context["source_language"] = translation.get_language_info(source_page.locale.language_code)
        return render(request, "404.html", context, status=404)


def server_error(request):
    """A 500 that needs neither the database nor a request context, in the reader's language.

    When the database is what failed, a 503 says so: nothing the reader sent was saved, what they
    typed is still behind the Back button, and trying again later will work.
    """
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    database_down = isinstance(sys.exc_info()[1], DatabaseError)
    template, status = ("503.html", 503) if database_down else ("500.html", 500)
    with translation.override(language):
        body = loader.get_template(template).render(
            {
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "home_url": f"/{language}/",
            }
        )
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    if database_down:
        response["Retry-After"] = "120"
    return response
