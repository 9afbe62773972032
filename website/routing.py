"""Wagtail's routing of a public address, with the pages on the way read in one query.

Workaround for the cost of Wagtail's `Page.route_for_request` (Wagtail 7.4): it reads the site's root
page in the reader's language (`localized`, one query), then as its own type (`specific`, one more,
with every field of the home page even when the home page is only passed through), then each page on
the way, one query per level, and the page found as its own type: four to six queries for a news item
before the page does anything. Here the root page in each language is remembered per content version
(website.request_memo), every page on the way is read in one query by the `url_path`s the address
names (Wagtail keeps `url_path` equal to the parent's plus the slug), and only the page found is read
as its own type: two queries at any depth.

Wagtail still decides everything: each page's own `route` runs as before (RoutablePageMixin's routes
first, then a child by slug, then the live check), and the result is handed to Wagtail's `serve` view
through `request._wagtail_route_for_request`, Wagtail's own per-request memo of the route. The child
lookup reads the pages read here (see BasePage.route); outside a public request, or for a page this
did not read, Wagtail's query runs unchanged.
"""

import copy
from urllib.parse import quote

from django.conf import settings
from django.http import Http404
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from wagtail import views as wagtail_views
from wagtail.models import Page

from . import request_memo
from .layout import find_site

# How many addresses each process remembers the pages on the way of (per content version).
ROUTES_REMEMBERED = 2000


class PagesOnTheWay:
    """The pages at each url_path an address names below one root, read in one query."""

    def __init__(self, root, components, pages=None):
        self.root_path = root.path
        self.searched = set()
        url_path = root.url_path
        for component in components:
            url_path += f"{component}/"
            self.searched.add(url_path)
        if pages is None:
            pages = []
            if self.searched:
                pages = Page.objects.filter(
                    path__startswith=root.path,
                    depth__gt=root.depth,
                    depth__lte=root.depth + len(components),
                    url_path__in=self.searched,
                )
        self.pages = {}
        for page in pages:
            self.pages.setdefault(page.url_path, []).append(page)

    def all_found(self):
        return self.searched == set(self.pages)

    def all_pages(self):
        return [page for pages in self.pages.values() for page in pages]

    @classmethod
    def remembered(cls, root, components):
        """As read for this address before, while the content version lasts (only addresses where
        every page on the way exists are remembered: made-up ones cannot fill the memo)."""
        memo = request_memo.current()
        if memo is None:
            return cls(root, components)
        routes = memo.setdefault("routes", {})
        key = (root.pk, tuple(components))
        pages = routes.get(key)
        if pages is not None:
            # Copies: routing sets attributes on the pages of one request.
            return cls(root, components, pages=[copy.copy(page) for page in pages])
        on_the_way = cls(root, components)
        if on_the_way.all_found():
            if len(routes) >= ROUTES_REMEMBERED:
                routes.clear()
            routes[key] = [copy.copy(page) for page in on_the_way.all_pages()]
        return on_the_way

    def child(self, parent, slug):
        """The child of `parent` with `slug`, None if there is none, or NotImplemented if this does not
        know (a page outside what was read): the caller then asks the database as Wagtail does."""
        url_path = f"{parent.url_path}{slug}/"
        if not parent.path.startswith(self.root_path) or url_path not in self.searched:
            return NotImplemented
        for page in self.pages.get(url_path, ()):
            if page.depth == parent.depth + 1 and page.path.startswith(parent.path) and page.slug == slug:
                return page
        return None


def localized_root(site):
    """The site's root page in the active language (Wagtail's `site.root_page.localized`), remembered
    per content version while a public page is served."""
    memo = request_memo.current()
    if memo is None:
        return site.root_page.localized
    key = ("localized-root", site.pk, translation.get_language() or settings.LANGUAGE_CODE)
    if key not in memo:
        memo[key] = site.root_page.localized
    return copy.copy(memo[key])


def route(request, root, path):
    """`root.specific.route(request, components)` as Wagtail does it, with the pages on the way read
    at once. Raises Http404 as Wagtail's routing does."""
    components = [component for component in path.split("/") if component]
    request._route_pages = PagesOnTheWay.remembered(root, components)
    try:
        # The root is passed through unless it is the page asked for: its fields are not needed.
        # (get_specific, not the cached properties: `root` may be the site's own root page object.)
        start = root.get_specific(deferred=bool(components))
        return start.route(request, components)
    finally:
        del request._route_pages


def route_for_request(request, path):
    """Wagtail's Page.route_for_request (the same result, kept on the request the same way)."""
    if not hasattr(request, "_wagtail_route_for_request"):
        site = find_site(request)
        result = None
        if site is not None:
            try:
                result = route(request, localized_root(site), path)
            except Http404:
                result = None
        request._wagtail_route_for_request = result
    return request._wagtail_route_for_request


def serve(request, path):
    """Wagtail's `serve` view, routed as above."""
    route_for_request(request, path)
    return wagtail_views.serve(request, path)


# Addresses of pages --------------------------------------------------------------------------------

_language_prefixes = {}


def page_path(rest, language_code):
    """What `reverse("wagtail_serve", args=(rest,))` gives with `language_code` active.

    Workaround for the cost of Wagtail's `Page.get_url_parts` (Wagtail 7.4), which activates the
    page's language and reverses the URL pattern for every link (a list of news has twenty): the
    language's prefix is reversed once per process, and `rest` (the page's url_path below its site's
    root, made of slugs) is quoted as Django's reverse quotes it.
    """
    script_prefix = get_script_prefix()
    key = (script_prefix, language_code)
    prefix = _language_prefixes.get(key)
    if prefix is None:
        with translation.override(language_code):
            prefix = _language_prefixes[key] = reverse("wagtail_serve", args=("",))
    return prefix + quote(rest, safe=RFC3986_SUBDELIMS + "/~:@")
