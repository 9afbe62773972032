"""The public pages every cross-cutting test visits: each live page in every language, plus error pages."""

from urllib.parse import urlencode

from django.conf import settings
from wagtail.models import Page

# The error pages: a missing page, and a page that exists only in English, in a right-to-left language.
ERROR_PAGE_PATHS = ["/en/no-such-page/", "/ar/no-such-page/", "/fa/who-we-are/", "/pt/privacy/"]
# The search page is not a Wagtail page: with results and pagination in English and Arabic, and without.
SEARCH_PAGE_PATHS = [
    "/en/search/?q=defenders",
    "/ar/search/?" + urlencode({"q": "المدافعين"}),
    "/fr/search/?q=xylophone",
]
# The pages where a person writes to us; the status page takes a receipt code. Slugs are the same in
# every language (they are synchronised, not translated).
FORM_SLUGS = ["request-support", "complaint", "feedback"]
STATUS_SLUG = "status"
NEWSLETTER_SLUG = "newsletter"


def live_pages():
    return Page.objects.live().public().filter(depth__gte=2).select_related("locale").order_by("path")


def public_page_paths():
    paths = [page.get_url() for page in live_pages()]
    return paths + ERROR_PAGE_PATHS + SEARCH_PAGE_PATHS


def page_type_paths():
    """One live page of each page type in each language, plus the error and search pages.

    For the checks that look at layout rather than content, where a second news item teaches nothing.
    """
    seen = set()
    paths = []
    for page in live_pages():
        kind = (page.content_type_id, page.locale.language_code)
        if kind not in seen:
            seen.add(kind)
            paths.append(page.get_url())
    return paths + ERROR_PAGE_PATHS + SEARCH_PAGE_PATHS


def form_page_paths(slugs=(*FORM_SLUGS, STATUS_SLUG, NEWSLETTER_SLUG)):
    """Each page with a form that posts (the three inboxes, the status page, the newsletter signup),
    in every language that has it."""
    paths = []
    for code, _name in settings.LANGUAGES:
        for slug in slugs:
            if live_pages().filter(locale__language_code=code, slug=slug).exists():
                paths.append(f"/{code}/{slug}/")
    return paths
