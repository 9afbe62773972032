"""What every page shows around its content, built once per language and kept in the cache.

The home link, the navigation, the hotline, the site-wide alerts, the notice banners and the footer's
links are the same on every
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

from . import request_memo
from .page_cache import content_version, expire_at

# The longest a layout is kept; a change by an editor empties it at once anyway.
LAYOUT_SECONDS = 3600
# Part of the key: a layout kept by the code before a deploy is never read by the code after it.
LAYOUT_FORMAT = 3
NO_SITE = "no-site"


@dataclass
class Notice:
    pk: int
    title: str
    summary: str
    url: str
    until: float  # a timestamp: the banner shows while time.time() is below it


@dataclass
class Alert:
    text: str
    level: str
    url: str
    link_title: str  # the linked page's title: a link that says where it leads, not "Read more"
    link_language: str  # set when that page is not in the reader's language
    language: str  # the alert's own language: the reader's, or the original's while it is not translated
    direction: str  # "rtl" or "ltr", for that language
    starts: float  # timestamps: the alert shows while starts <= time.time() < ends
    ends: float


@dataclass
class Link:
    title: str
    url: str
    language: str = ""  # set when the link's text is not in the page's language


@dataclass
class Layout:
    home_url: str
    menu: list = field(default_factory=list)
    support_url: str = ""
    footer_links: list = field(default_factory=list)
    social_links: list = field(default_factory=list)
    alerts: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    footer_html: str = ""
    hotline_number: str = ""  # E.164, for tel: links
    hotline_display: str = ""  # grouped for reading, e.g. +32 2 555 01 00
    hotline_language_names: list = field(default_factory=list)
    hotline_languages: str = ""  # the names joined as the reader's language joins a list
    quick_exit_help_url: str = ""
    # Names this layout (content version, site, language) for the template fragments made of it alone
    # and kept in the cache ({% kept_fragment %} in site_tags: the footer, the hotline, lists of pages).
    fragment_key: str = ""

    def expires_at(self):
        """When this layout changes by itself: when a notice banner ends or an alert starts or ends."""
        now = time.time()
        # Only what lies ahead: a banner that has already ended changes nothing any more (counting it
        # would leave the layout, and every page, uncacheable).
        moments = [notice.until for notice in self.notices if notice.until > now]
        for alert in self.alerts:
            moments += [moment for moment in (alert.starts, alert.ends) if moment > now]
        return min(moments, default=None)

    def active_notices(self):
        now = time.time()
        return [notice for notice in self.notices if notice.until > now]

    def active_alerts(self):
        now = time.time()
        return [alert for alert in self.alerts if alert.starts <= now < alert.ends]


# How each language separates the items of a list; Arabic and Persian use the Arabic comma.
LIST_SEPARATORS = {"ar": "، ", "fa": "، "}


def join_list(items, language=None):
    """Items joined with the separator of the reader's language: "English, French", "الإنجليزية، الفرنسية"."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return LIST_SEPARATORS.get(language.split("-")[0], ", ").join(str(item) for item in items)


def format_phone_number(number):
    """An E.164 number grouped as it is read and dialled in its country: +3225550100 → +32 2 555 01 00."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


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


def layout_seconds(layout):
    """How long `layout` may be kept from now: until it changes by itself, at most LAYOUT_SECONDS."""
    expires_at = layout.expires_at()
    return LAYOUT_SECONDS if expires_at is None else min(LAYOUT_SECONDS, int(expires_at - time.time()))


def site_layout(request):
    """The layout of the active language, for the request's site (kept on the request once read)."""
    if request is not None and hasattr(request, "_site_layout"):
        return request._site_layout
    language = translation.get_language() or settings.LANGUAGE_CODE
    site = find_site(request) if request is not None else Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Layout(
            home_url=f"/{language}/", fragment_key=f"layout:{content_version(request)}:none:{language}"
        )
    key = f"layout:{content_version(request)}:page:v{LAYOUT_FORMAT}:{site.pk}:{language}"
    # This process's copy first (no unpickling, no round trip to Redis), then the shared cache.
    memo = request_memo.current()
    layout, valid_until = memo.get(key, (None, 0)) if memo is not None else (None, 0)
    if layout is not None and time.time() >= valid_until:
        layout = None  # a banner ended or an alert started or ended since: as the cache entry would
    if layout is None:
        layout = cache.get(key)
        if layout is None:
            layout = build_layout(request, site, language)
            layout.fragment_key = key
            seconds = layout_seconds(layout)
            if seconds > 0:
                cache.set(key, layout, seconds)
        if memo is not None:
            memo[key] = (layout, time.time() + layout_seconds(layout))
    if request is not None:
        request._site_layout = layout
        # Every page showing these banners must leave the page cache when the first of them ends.
        expire_at(request, layout.expires_at())
    return layout


def localized_links(request, pages, locale, keep_untranslated):
    """Each page as a link in `locale` (its live translation); an untranslated page is left out, or
    kept in its own language when `keep_untranslated`."""
    pages = [page for page in pages if page is not None]
    if not pages:
        return []
    translated = {}
    if locale is not None:
        keys = [page.translation_key for page in pages]
        found = Page.objects.live().public().filter(translation_key__in=keys, locale=locale)
        translated = {
            page.translation_key: page
            for page in found.only("id", "title", "url_path", "translation_key", "locale_id")
        }
    links = []
    for page in pages:
        shown = translated.get(page.translation_key)
        if shown is not None:
            links.append(
                {"pk": shown.pk, "title": shown.title, "url": shown.get_url(request), "language": ""}
            )
        elif keep_untranslated and page.live:
            language = page.locale.language_code
            links.append(
                {"pk": page.pk, "title": page.title, "url": page.get_url(request), "language": language}
            )
    return links


def build_alerts(request, locale):
    from .models import SiteAlert

    alerts = []
    for alert in SiteAlert.showing(locale):
        language = alert.locale.language_code
        link_page = alert.link_page
        url = link_title = link_language = ""
        if link_page is not None and link_page.live:
            shown = link_page.get_translation_or_none(locale)
            shown = shown if shown is not None and shown.live else link_page
            url, link_title = shown.get_url(request) or "", shown.title
            link_language = "" if shown.locale_id == locale.pk else shown.locale.language_code
        alerts.append(
            Alert(
                text=alert.text,
                level=alert.level,
                url=url,
                link_title=link_title,
                link_language=link_language,
                language=language,
                direction="rtl" if translation.get_language_info(language)["bidi"] else "ltr",
                starts=alert.starts_at.timestamp(),
                ends=alert.ends_at.timestamp(),
            )
        )
    return alerts


def build_navigation(request, site, home, locale, layout):
    from .models import NavigationSettings

    navigation = NavigationSettings.for_site(site)
    chosen = [item.page for item in navigation.main_menu_items.select_related("page")]
    if chosen:
        layout.menu = localized_links(request, chosen, locale, keep_untranslated=False)
    else:
        # Until an editor chooses the menu: the home page's children marked "Show in menus".
        menu = home.get_children().live().public().in_menu().only("id", "title", "url_path", "locale_id")
        layout.menu = [{"pk": item.pk, "title": item.title, "url": item.get_url(request)} for item in menu]
    footer_pages = [item.page for item in navigation.footer_menu_items.select_related("page__locale")]
    layout.footer_links = localized_links(request, footer_pages, locale, keep_untranslated=True)
    layout.social_links = [{"name": link.name, "url": link.url} for link in navigation.social_links.all()]
    support = navigation.support_page or getattr(home.specific, "support_page", None)
    if support is not None:
        shown = localized_links(request, [support], locale, keep_untranslated=True)
        layout.support_url = shown[0]["url"] if shown else ""


def build_layout(request, site, language):
    from .models import FooterText, NoticePage, SafetySettings

    locale = Locale.objects.filter(language_code=language).first()
    root = site.root_page
    home = (
        Page.objects.filter(translation_key=root.translation_key, locale=locale).first() if locale else None
    ) or root
    layout = Layout(home_url=home.get_url(request) or f"/{language}/")
    build_navigation(request, site, home, locale, layout)
    if locale is not None:
        layout.alerts = build_alerts(request, locale)
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
    layout.hotline_display = format_phone_number(safety.hotline_number) if safety.hotline_number else ""
    layout.hotline_language_names = safety.hotline_language_names()
    layout.hotline_languages = join_list(layout.hotline_language_names, language)
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
    process_memo = request_memo.current() if key else None
    items = process_memo.get(key) if process_memo is not None else None
    if items is None and key:
        items = cache.get(key)
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
    if process_memo is not None:
        process_memo[key] = items  # this process's copy, for the content version
    if request is not None:
        if memo is None:
            memo = request._page_translations = {}
        memo[page.pk] = items
    return items


def localized_link(request, page_id):
    """The page `page_id` as Wagtail's `.localized` finds it in the reader's language (its live
    translation, else the page itself), as {"url", "title", "live", "locale_id", "language_code"};
    None if there is no such page.

    For a page that links to another one (a programme's request form and FAQ, the home page's support
    button): read once per language and content version in each process (website.request_memo)
    instead of twice on every view.
    """
    if not page_id:
        return None
    memo = request_memo.current()
    site = find_site(request)
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = ("localized-link", site.pk if site else None, page_id, language)
    if memo is not None and key in memo:
        return memo[key]
    page = Page.objects.filter(pk=page_id).first()
    link = None
    if page is not None:
        shown = page.localized
        link = {
            "url": shown.get_url(request) or "",
            "title": shown.title,
            "live": shown.live,
            "locale_id": shown.locale_id,
            "language_code": shown.locale.language_code,
        }
    if memo is not None:
        memo[key] = link
    return link
