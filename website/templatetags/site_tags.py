"""Template tags for the layout every page shares: languages, navigation, notices, footer."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page, Site

from website.models import FooterText, NoticePage

register = template.Library()


def absolute_url(request, page):
    """The page's own address at the host the reader used (behind the proxy: https, via X-Forwarded-Proto)."""
    url = page.get_url(request)
    return request.build_absolute_uri(url) if request is not None else page.get_full_url()


@register.simple_tag(takes_context=True)
def page_full_url(context, page):
    return absolute_url(context.get("request"), page)


def language_name(code):
    return translation.get_language_info(code)["name_local"]


@register.simple_tag(takes_context=True)
def page_translations(context, page):
    """Every live translation of `page` (itself included), in settings.LANGUAGES order.

    Used for the hreflang alternates and the language switcher, so both list exactly the languages
    in which this page exists.
    """
    request = context.get("request")
    if page is None or not getattr(page, "pk", None):
        return []
    by_language = {
        translated.locale.language_code: translated
        for translated in page.get_translations(inclusive=True).live().public().select_related("locale")
    }
    result = []
    for code, _name in settings.LANGUAGES:
        translated = by_language.get(code)
        if translated is not None:
            result.append(
                {
                    "code": code,
                    "name": language_name(code),
                    "url": translated.get_url(request),
                    "full_url": absolute_url(request, translated),
                    "is_current": translated.pk == page.pk,
                }
            )
    return result


@register.simple_tag
def x_default_url(translations):
    """The default-language URL is the x-default: readers whose language we lack land in English."""
    for item in translations:
        if item["code"] == settings.LANGUAGE_CODE:
            return item["full_url"]
    return translations[0]["full_url"] if translations else ""


@register.simple_tag(takes_context=True)
def locale_home(context):
    """The home page of the active language, falling back to the site's root page."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    root = site.root_page
    try:
        return root.get_translation(Locale.get_active())
    except (Page.DoesNotExist, Locale.DoesNotExist):
        return root


@register.simple_tag
def main_navigation(home):
    if home is None:
        return []
    return list(home.get_children().live().public().in_menu().only("id", "title", "url_path", "locale_id"))


@register.simple_tag
def active_notices():
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return []
    return list(NoticePage.active_banners(locale))


@register.simple_tag
def footer_text():
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return None
    return FooterText.objects.filter(locale=locale).first()


@register.simple_tag
def language_info(code):
    return translation.get_language_info(code)


@register.filter
def og_locale(code):
    """OpenGraph wants language_TERRITORY; a neutral territory per language is enough for it."""
    return {
        "en": "en_GB",
        "fr": "fr_FR",
        "es": "es_ES",
        "ru": "ru_RU",
        "ar": "ar_AR",
        "fa": "fa_IR",
        "pt": "pt_PT",
    }.get(code, code)
