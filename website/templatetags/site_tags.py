"""Template tags for the layout every page shares: languages, navigation, notices, footer."""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils import translation

from website import layout
from website.renditions import renditions

register = template.Library()

# How long a kept fragment stays when nothing is published (a publish makes a new content version).
KEPT_FRAGMENT_SECONDS = 3600


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
    in which this page exists. Kept in the cache per page (see website.layout).
    """
    if page is None or not getattr(page, "pk", None):
        return []
    return [
        {**item, "is_current": item["pk"] == page.pk}
        for item in layout.page_translations(context.get("request"), page)
    ]


@register.simple_tag
def x_default_url(translations):
    """The default-language URL is the x-default: readers whose language we lack land in English."""
    for item in translations:
        if item["code"] == settings.LANGUAGE_CODE:
            return item["full_url"]
    return translations[0]["full_url"] if translations else ""


@register.simple_tag(takes_context=True)
def site_layout(context):
    """The home link, navigation, hotline, notice banners and footer of the active language."""
    return layout.site_layout(context.get("request"))


@register.simple_tag(takes_context=True)
def localized_url(context, page):
    """`{% pageurl page.localized %}` (the page in the reader's language where it is translated and
    live, else itself), remembered per content version instead of one query per link and view."""
    link = layout.localized_link(context.get("request"), page.pk) if page else None
    return link["url"] if link else ""


@register.simple_tag(name="renditions")
def renditions_tag(image, *specs):
    """`{% renditions image "fill-480x270|format-webp" "fill-960x540|format-webp" as found %}`: the
    renditions in the order asked, looked up together (see website.renditions.renditions)."""
    return renditions(image, *specs)


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


# The card shared when a page has no image of its own: drawn for the site in each language
# (scripts/draw_share_cards.py), served from this site like every other file.
SHARE_CARD = {"path": "website/img/share/card-{language}.png", "width": 1200, "height": 630}
SHARE_IMAGE_FILTER = "width-960|format-webp"  # made ahead (website/renditions.py)


@register.simple_tag(takes_context=True)
def share_image(context, page):
    """What a link to `page` shows when shared: its own image, else the site's card in its language."""
    from django.templatetags.static import static

    request = context.get("request")
    specific = page.specific if page is not None else None
    image = getattr(specific, "image", None) if specific is not None else None
    if image is not None:
        (rendition,) = renditions(image, SHARE_IMAGE_FILTER)
        url = rendition.url
        alt = getattr(specific, "image_alt", "")
        found = {"width": rendition.width, "height": rendition.height, "alt": alt}
    else:
        language = translation.get_language() or settings.LANGUAGE_CODE
        known = {code for code, _name in settings.LANGUAGES}
        language = language if language in known else settings.LANGUAGE_CODE
        url = static(SHARE_CARD["path"].format(language=language))
        found = {"width": SHARE_CARD["width"], "height": SHARE_CARD["height"], "alt": "ProtectDefenders.eu"}
    found["url"] = request.build_absolute_uri(url) if request is not None and url.startswith("/") else url
    return found


class KeptFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        vary_on = [
            layout.site_layout(request).fragment_key,
            *(value.resolve(context) for value in self.vary_on),
        ]
        key = make_template_fragment_key(self.name, vary_on)
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, KEPT_FRAGMENT_SECONDS)
        return html


@register.tag
def kept_fragment(parser, token):
    """`{% kept_fragment "name" value… %}…{% endkept_fragment %}`: HTML that changes only when something is
    published, rendered once per content version, site and language (the layout's fragment key) and the
    values given, and kept in the cache. A preview shows what the editor is writing: it is always rendered
    afresh and never kept. Everything inside must be the same for every reader of those values."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("kept_fragment needs a name")
    nodelist = parser.parse(("endkept_fragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return KeptFragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
