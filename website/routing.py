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

from django.conf import settings
from django.http import Http404
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page

from . import request_memo
from .layout import find_site


class PagesOnTheWay:
    """The pages at each url_path an address names below one root, read in one query."""

    def __init__(self, root, components):
        self.root_path = root.path
        self.searched = set()
        self.pages = {}
        url_path = root.url_path
        for component in components:
            url_path += f"{component}/"
            self.searched.add(url_path)
        if self.searched:
            found = Page.objects.filter(
                path__startswith=root.path,
                depth__gt=root.depth,
                depth__lte=root.depth + len(components),
                url_path__in=self.searched,
            )
            for page in found:
                self.pages.setdefault(page.url_path, []).append(page)

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
    request._route_pages = PagesOnTheWay(root, components)
    try:
        # The root is passed through unless it is the page asked for: its fields are not needed.
        start = root.specific_deferred if components else root.specific
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
