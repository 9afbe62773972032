"""The public pages every cross-cutting test visits: each live page in every language, plus error pages."""

from urllib.parse import urlencode

from wagtail.models import Page


def public_page_paths():
    paths = []
    for page in Page.objects.live().public().filter(depth__gte=2).select_related("locale").order_by("path"):
        paths.append(page.get_url())
    # Error pages: a missing page, and a page that exists only in English, in a right-to-left language.
    paths += ["/en/no-such-page/", "/ar/no-such-page/", "/fa/who-we-are/", "/pt/privacy/"]
    # The search page is not a Wagtail page: with results and pagination in English and Arabic, and without.
    paths += [
        "/en/search/?q=defenders",
        "/ar/search/?" + urlencode({"q": "المدافعين"}),
        "/fr/search/?q=xylophone",
    ]
    return paths
