"""What every page shows around its content, built once per language and kept in the cache.

The home link, the main navigation, the hotline, the notice banners and the footer are the same on every
page of one language; so are the translations of one page. Built from the database they cost a dozen
queries on every page; kept in the cache under the content version (see website.page_cache), they cost
one cache read, and any change an editor makes empties them together with the cached pages.
"""

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Locale, Page, Site
from wagtail.templatetags.wagtailcore_tags import richtext

from .page_cache import content_version, expire_at

# The longest a layout is kept; a change by an editor empties it at once anyway.
LAYOUT_SECONDS = 3600
NO_SITE = "no-site"


@dataclass
class Notice:
    pk: int
    title: str
    summary: str
    url: str
    until: float  # a timestamp: the banner shows while time.time() is below it


@dataclass
class Layout:
    home_url: str
    menu: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    footer_html: str = ""
    hotline_number: str = ""
    hotline_language_names: list = field(default_factory=list)
    quick_exit_help_url: str = ""

    def expires_at(self):
        """When this layout changes by itself: when the first of its notice banners ends."""
        return min((notice.until for notice in self.notices), default=None)

    def active_notices(self):
        now = time.time()
        return [notice for notice in self.notices if notice.until > now]


def find_site(request):
    """Wagtail's site for the request, from the cache (Wagtail would query for it on every request).

    Setting request._wagtail_site is how Wagtail itself remembers it for the rest of the request. The
    site comes with its root page, which Wagtail's routing reads next.
    """
    if request is None:
        return None
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    request.get_host()  # refuses a host that is not allowed (400) before it can become a cache key
    host, port = request._get_raw_host(), request.get_port()
    key = f"layout:{content_version(request)}:site:{host}:{port}"
    found = cache.get(key)
    if found is None:
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page  # noqa: B018  (fetched now, to be stored with the site)
        cache.set(key, site or NO_SITE, LAYOUT_SECONDS)
    else:
        site = None if found == NO_SITE else found
    request._wagtail_site = site
    return site


def site_layout(request):
    """The layout of the active language, for the request's site (kept on the request once read)."""
    if request is not None and hasattr(request, "_site_layout"):
        return request._site_layout
    language = translation.get_language() or settings.LANGUAGE_CODE
    site = find_site(request) if request is not None else Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Layout(home_url=f"/{language}/")
    key = f"layout:{content_version(request)}:page:{site.pk}:{language}"
    layout = cache.get(key)
    if layout is None:
        layout = build_layout(request, site, language)
        expires_at = layout.expires_at()
        seconds = LAYOUT_SECONDS if expires_at is None else min(LAYOUT_SECONDS, int(expires_at - time.time()))
        if seconds > 0:
            cache.set(key, layout, seconds)
    if request is not None:
        request._site_layout = layout
        # Every page showing these banners must leave the page cache when the first of them ends.
        expire_at(request, layout.expires_at())
    return layout


def build_layout(request, site, language):
    from .models import FooterText, NoticePage, SafetySettings

    locale = Locale.objects.filter(language_code=language).first()
    root = site.root_page
    home = (
        Page.objects.filter(translation_key=root.translation_key, locale=locale).first() if locale else None
    ) or root
    layout = Layout(home_url=home.get_url(request) or f"/{language}/")
    menu = home.get_children().live().public().in_menu().only("id", "title", "url_path", "locale_id")
    layout.menu = [{"pk": item.pk, "title": item.title, "url": item.get_url(request)} for item in menu]
    if locale is not None:
        for notice in NoticePage.active_banners(locale):
            layout.notices.append(
                Notice(
                    notice.pk,
                    notice.title,
                    notice.summary,
                    notice.get_url(request),
                    notice.banner_until.timestamp(),
                )
            )
        footer = FooterText.objects.filter(locale=locale).first()
        if footer is not None:
            layout.footer_html = str(richtext(footer.body))
    safety = SafetySettings.for_site(site)
    layout.hotline_number = safety.hotline_number
    layout.hotline_language_names = safety.hotline_language_names()
    help_page = safety.quick_exit_help_page
    if help_page is not None:
        layout.quick_exit_help_url = help_page.localized.get_url(request) or ""
    return layout


def page_translations(request, page):
    """Every live, public translation of `page` (itself included), in settings.LANGUAGES order.

    Each as {code, name, url, full_url, pk}; kept in the cache per translation key and content version.
    """
    from .templatetags.site_tags import absolute_url, language_name

    memo = getattr(request, "_page_translations", None) if request is not None else None
    if memo is not None and page.pk in memo:
        return memo[page.pk]
    key = None
    if request is not None:
        origin = f"{request.scheme}:{request.get_host()}"
        key = f"layout:{content_version(request)}:translations:{origin}:{page.translation_key}"
    items = cache.get(key) if key else None
    if items is None:
        translations = page.get_translations(inclusive=True).live().public().select_related("locale")
        by_language = {translated.locale.language_code: translated for translated in translations}
        items = []
        for code, _name in settings.LANGUAGES:
            translated = by_language.get(code)
            if translated is not None:
                items.append(
                    {
                        "code": code,
                        "name": language_name(code),
                        "url": translated.get_url(request),
                        "full_url": absolute_url(request, translated),
                        "pk": translated.pk,
                    }
                )
        if key:
            cache.set(key, items, LAYOUT_SECONDS)
    if request is not None:
        if memo is None:
            memo = request._page_translations = {}
        memo[page.pk] = items
    return items
