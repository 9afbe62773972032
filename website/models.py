"""Site-wide models: the hotline and quick-exit settings, navigation, the footer, the site-wide alert,
notices, standard pages, who we are."""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from http import HTTPMethod

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.models import Orderable, Page, PageViewRestriction, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from . import page_cache, request_memo
from .blocks import PageBodyBlock

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
LANGUAGE_CHOICES = settings.LANGUAGES


def validate_e164(value):
    if not E164.match(value):
        raise ValidationError(
            _("Enter the number in international format, e.g. +32 followed by digits only.")
        )


def validate_language_codes(value):
    known = {code for code, _name in settings.LANGUAGES} | {"de", "it", "zh", "tr", "uk"}
    for code in value.split(","):
        if code.strip() not in known:
            raise ValidationError(_("Unknown language code: %(code)s"), params={"code": code})


def validate_https(value):
    if not value.startswith("https://"):
        raise ValidationError(_("The quick-exit destination must be an https address."))


@register_setting(icon="warning")
class SafetySettings(BaseSiteSetting, ClusterableModel):
    """What every page shows for people at risk: the 24/7 hotline and where quick exit goes."""

    hotline_number = models.CharField(
        _("24/7 hotline number"),
        max_length=16,
        validators=[validate_e164],
        help_text=_("International (E.164) format, for example +3225550100."),
        blank=True,
    )
    hotline_languages = models.CharField(
        _("Hotline languages"),
        max_length=100,
        validators=[validate_language_codes],
        default="en,fr,es,ru,ar",
        help_text=_("Language codes the hotline answers in, separated by commas."),
    )
    default_exit_url = models.URLField(
        _("Default quick-exit destination"),
        validators=[validate_https],
        default="https://www.wikipedia.org/",
        help_text=_("A neutral https site that quick exit opens when no language-specific one is set."),
    )

    quick_exit_help_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Page explaining quick exit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel([FieldPanel("hotline_number"), FieldPanel("hotline_languages")], _("Hotline")),
        MultiFieldPanel(
            [
                FieldPanel("default_exit_url"),
                FieldPanel("quick_exit_help_page"),
                InlinePanel("exit_destinations", label=_("Per language")),
            ],
            _("Quick exit"),
        ),
    ]

    class Meta:
        verbose_name = _("Safety settings")

    def hotline_language_names(self):
        names = []
        for code in self.hotline_languages.split(","):
            try:
                names.append(str(get_language_info(code.strip())["name_translated"]))
            except KeyError:
                continue
        return names

    def exit_url_for(self, language_code):
        for destination in self.exit_destinations.all():
            if destination.language == language_code:
                return destination.url
        return self.default_exit_url


class QuickExitDestination(Orderable):
    setting = ParentalKey(SafetySettings, related_name="exit_destinations", on_delete=models.CASCADE)
    language = models.CharField(_("Language"), max_length=8, choices=LANGUAGE_CHOICES)
    url = models.URLField(_("Neutral site"), validators=[validate_https])

    panels = [FieldPanel("language"), FieldPanel("url")]


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting, ClusterableModel):
    """The main menu, the "Ask for support" call to action and the footer's links, chosen by editors.

    Each item is a page: every language shows that page's own translation under its translated title,
    so the order is the same in every language and an editor sets it once. A page not yet translated
    is left out of that language's main menu, and shown in its own language in the footer (the privacy
    notice must stay reachable).
    """

    support_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("“Ask for support” page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The call to action in the header of every page, set apart from the menu."),
    )

    panels = [
        PageChooserPanel("support_page"),
        InlinePanel("main_menu_items", label=_("Main menu"), heading=_("Main menu")),
        InlinePanel("footer_menu_items", label=_("Footer links"), heading=_("Footer links")),
        InlinePanel("social_links", label=_("Social profiles"), heading=_("Social profiles")),
    ]

    class Meta:
        verbose_name = _("Navigation")


class MainMenuItem(Orderable):
    setting = ParentalKey(NavigationSettings, related_name="main_menu_items", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("Page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("page")]


class FooterMenuItem(Orderable):
    setting = ParentalKey(NavigationSettings, related_name="footer_menu_items", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("Page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("page")]


class SocialLink(Orderable):
    """A plain link to one of the organisation's profiles: no embed, no script, no request to that site."""

    setting = ParentalKey(NavigationSettings, related_name="social_links", on_delete=models.CASCADE)
    name = models.CharField(_("Name"), max_length=40, help_text=_("As readers know it, e.g. Mastodon."))
    url = models.URLField(_("Address"), validators=[validate_https])

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("url")])]


class SiteAlert(TranslatableMixin, models.Model):
    """A short message on top of every page in every language, e.g. "our hotline is down".

    Published once, it shows at once everywhere: in the reader's language where it has been translated,
    in its own language (marked with its lang and dir) until then. Long explanations belong on a notice
    page, which the alert can link to.
    """

    class Level(models.TextChoices):
        INFORMATION = "information", _("Information")
        URGENT = "urgent", _("Urgent")

    text = models.CharField(_("Text"), max_length=300)
    level = models.CharField(_("Level"), max_length=12, choices=Level.choices, default=Level.INFORMATION)
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Page with more"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional, e.g. the notice that explains it."),
    )
    starts_at = models.DateTimeField(_("Show from"), default=timezone.now)
    ends_at = models.DateTimeField(_("Show until"), help_text=_("Times are in Brussels time."))

    override_translatable_fields = [
        TranslatableField("text"),
        # When and how loudly it shows is one decision for every language.
        SynchronizedField("level"),
        SynchronizedField("link_page"),
        SynchronizedField("starts_at"),
        SynchronizedField("ends_at"),
    ]
    panels = [
        FieldPanel("text"),
        FieldPanel("level"),
        PageChooserPanel("link_page"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Site-wide alert")
        verbose_name_plural = _("Site-wide alerts")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must come after the start.")})

    @classmethod
    def showing(cls, locale, now=None, default_language=None):
        """The alerts to show to readers of `locale` now, or about to start (with the time each starts
        or ends, for the cache): each in `locale` where translated, else in its original language."""
        now = now or timezone.now()
        default_language = default_language or get_supported_content_language_variant(settings.LANGUAGE_CODE)
        rows = (
            cls.objects.filter(ends_at__gt=now).select_related("locale", "link_page").order_by("-starts_at")
        )
        chosen = {}
        for alert in rows:
            current = chosen.get(alert.translation_key)
            rank = (
                0
                if alert.locale_id == locale.pk
                else 1
                if alert.locale.language_code == default_language
                else 2
            )
            if current is None or rank < current[0]:
                chosen[alert.translation_key] = (rank, alert)
        return [
            alert for _rank, alert in sorted(chosen.values(), key=lambda item: -item[1].starts_at.timestamp())
        ]


class FooterText(TranslatableMixin, models.Model):
    """The footer's text, one per locale, translated with wagtail-localize."""

    body = RichTextField(_("Footer text"), features=["bold", "italic", "link"])

    override_translatable_fields = [TranslatableField("body")]
    panels = [FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Footer text")
        verbose_name_plural = _("Footer text")

    def __str__(self):
        return f"{_('Footer text')} ({self.locale.language_code})"


def specific_for_serving(page):
    """`page` as its own type (Wagtail's `page.specific`), with the related objects its template
    reads (the type's `serve_select_related`) in the same query."""
    model = page.specific_class
    related = getattr(model, "serve_select_related", ())
    if model is None or isinstance(page, model) or not related:
        return page.specific
    specific = model._default_manager.select_related(*related).get(pk=page.pk)
    # As Wagtail's get_specific: what was set on the instance (the cached parent) carries over.
    for name, value in page.__dict__.items():
        specific.__dict__.setdefault(name, value)
    return specific


# A url_path below the site's root as Wagtail's URL pattern takes it: slugs, each followed by a slash.
SLUG_PATH = re.compile(r"(?:[\w\-]+/)*")


class BasePage(Page):
    """Fields and translation rules every public page shares."""

    # Wagtail answers any other method with 405 (and OPTIONS with the list); form pages add POST.
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]
    # The query parameters the page reads, each through page_cache.query_value; the page cache leaves
    # every other parameter out of its key (see website/page_cache.py, "The query").
    cache_query_parameters = ()
    # Foreign keys the page's template reads, fetched with the page when it is served.
    serve_select_related = ()

    override_translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        # Slugs stay the same in every language so that /ar/x/ and /en/x/ are the same page.
        SynchronizedField("slug"),
    ]

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description

    def route(self, request, path_components):
        """Wagtail's routing, without fetching the fields of the pages it only passes through.

        Wagtail fetches each page on the way to the one asked for as its own type (one more query per
        level); a page on the way only needs its slug and path to route further, and any field it
        does read is still fetched when read.
        """
        if not path_components:
            return super().route(request, path_components)
        child_slug, remaining = path_components[0], path_components[1:]
        # The pages on the way, read at once by website.routing; else Wagtail's query.
        on_the_way = getattr(request, "_route_pages", None)
        child = on_the_way.child(self, child_slug) if on_the_way is not None else NotImplemented
        if child is NotImplemented:
            try:
                child = self.get_children().get(slug=child_slug)
            except Page.DoesNotExist as error:
                raise Http404 from error
        elif child is None:
            raise Http404
        child._cached_parent_obj = self
        following = child.specific_deferred if remaining else specific_for_serving(child)
        return following.route(request, remaining)

    def get_url_parts(self, request=None):
        """Wagtail's, with the language prefix of the address reversed once per process.

        The same result as Wagtail's `Page.get_url_parts` (one site, i18n URL patterns), without
        activating a language and reversing for each link (see website.routing.page_path). Pages
        that belong to more than one site, or whose address does not follow their url_path, take
        Wagtail's way.
        """
        from .routing import page_path

        possible_sites = self._get_relevant_site_root_paths(request)
        if not possible_sites or len({values[0] for values in possible_sites}) > 1:
            return super().get_url_parts(request)
        site_id, root_path, root_url, language_code = possible_sites[0]
        try:
            active = get_supported_content_language_variant(translation.get_language())
        except LookupError:
            active = None
        if active == language_code:
            language_code = translation.get_language()
        rest = self.url_path[len(root_path) :]
        if not SLUG_PATH.fullmatch(rest):
            return super().get_url_parts(request)
        return (site_id, root_url, page_path(rest, language_code))

    def get_view_restrictions(self):
        """Wagtail's, without its two queries on every page served while no page is restricted."""
        restrictions = request_memo.view_restrictions()
        if restrictions is not None and not restrictions:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class SectionIndexPage(BasePage):
    """A top-level section of a home page (programmes, news, vacancies, notices): an introduction,
    then the section's own pages. Each subclass names its `subpage_types` and lists its children."""

    intro = models.TextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    override_translatable_fields = BasePage.override_translatable_fields + [TranslatableField("intro")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or self.intro


class StandardPage(BasePage):
    """Who we are, Contact, Feedback and response, security advice, privacy notice…"""

    intro = models.TextField(_("Introduction"), blank=True)
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("Body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    override_translatable_fields = BasePage.override_translatable_fields + [
        TranslatableField("intro"),
        TranslatableField("body"),
    ]
    template = "website/pages/standard_page.html"

    class Meta:
        verbose_name = _("Standard page")

    def get_meta_description(self):
        return self.search_description or self.intro


class NoticePage(BasePage):
    """An operational notice (e.g. COVID-19) that may show as a banner on every page of its language."""

    summary = models.CharField(_("Banner text"), max_length=300)
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("Body"))
    banner_until = models.DateTimeField(
        _("Show as site-wide banner until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no banner. Times are in Brussels time."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("banner_until"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    override_translatable_fields = BasePage.override_translatable_fields + [
        TranslatableField("summary"),
        TranslatableField("body"),
        SynchronizedField("banner_until"),
    ]
    parent_page_types = ["website.NoticeIndexPage"]
    template = "website/pages/notice_page.html"

    class Meta:
        verbose_name = _("Notice")

    def get_meta_description(self):
        return self.search_description or self.summary

    @classmethod
    def active_banners(cls, locale):
        return (
            cls.objects.live()
            .filter(locale=locale, banner_until__gt=timezone.now())
            .order_by("-first_published_at")
            .only("id", "title", "summary", "url_path", "locale_id", "banner_until")
        )


class NoticeIndexPage(SectionIndexPage):
    """Every notice of one language: those that still matter first, then the archive."""

    # A notice counts as current while its banner shows, and for this long after it was published.
    RECENT_DAYS = 90
    PAST_PER_PAGE = 20
    cache_query_parameters = ("page",)

    subpage_types = ["website.NoticePage"]
    template = "website/pages/notice_index_page.html"

    class Meta:
        verbose_name = _("Notices index")

    def notices(self):
        return (
            NoticePage.objects.live()
            .public()
            .child_of(self)
            .order_by("-first_published_at", "-pk")
            .only("id", "title", "summary", "url_path", "locale_id", "first_published_at", "banner_until")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        is_current = Q(banner_until__gt=now) | Q(
            first_published_at__gte=now - timedelta(days=self.RECENT_DAYS)
        )
        context["current_notices"] = list(self.notices().filter(is_current))
        past = Paginator(self.notices().exclude(is_current), self.PAST_PER_PAGE)
        # Through the page cache, which keys this page on its page numbers (others show the first).
        number = page_cache.query_value(request, "page", page_cache.page_numbers(past))
        context["past_notices"] = past.get_page(number or 1)
        context["now"] = now
        # A notice moves to the archive by itself: the page cache keeps this page no longer than that.
        page_cache.expire_at(request, self.next_change(context["current_notices"]))
        return context

    def next_change(self, current_notices):
        """When the first current notice becomes past (its banner ended and it is no longer recent)."""
        moments = []
        for notice in current_notices:
            published = notice.first_published_at
            recent_until = published + timedelta(days=self.RECENT_DAYS) if published else None
            ends = [moment for moment in (notice.banner_until, recent_until) if moment is not None]
            if ends:
                moments.append(max(ends).timestamp())
        return min(moments, default=None)


class Organisation(TranslatableMixin, models.Model):
    """A member of the consortium that runs the mechanism; one row per language."""

    name = models.CharField(_("Name"), max_length=200)
    acronym = models.CharField(_("Acronym"), max_length=30, blank=True)
    url = models.URLField(_("Website"), blank=True)
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.CharField(_("Short description"), max_length=300, blank=True)
    is_board_member = models.BooleanField(_("Member of the Board"), default=False)
    board_order = models.PositiveSmallIntegerField(
        _("Place in the Board's rotation"),
        default=0,
        help_text=_("Board members chair the Board in turn, lowest number first."),
    )

    override_translatable_fields = [
        TranslatableField("name"),
        TranslatableField("acronym"),
        TranslatableField("description"),
        SynchronizedField("url"),
        SynchronizedField("logo"),
        # The rotation must name the same chair in every language.
        SynchronizedField("is_board_member"),
        SynchronizedField("board_order"),
    ]
    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("description"),
        FieldPanel("url"),
        FieldPanel("logo"),
        MultiFieldPanel([FieldPanel("is_board_member"), FieldPanel("board_order")], _("Board")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Person(TranslatableMixin, models.Model):
    """A member of the Secretariat; hidden people never appear on the site."""

    name = models.CharField(_("Name"), max_length=200)
    role = models.CharField(_("Role"), max_length=200)
    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("Photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_visible = models.BooleanField(
        _("Show on the site"),
        default=True,
        help_text=_("Untick to keep someone off the site, for example for their safety."),
    )
    sort_order = models.PositiveSmallIntegerField(_("Place in the list"), default=0)

    override_translatable_fields = [
        TranslatableField("role"),
        SynchronizedField("name"),
        SynchronizedField("photo"),
        # Hiding someone hides them in every language at once.
        SynchronizedField("is_visible"),
        SynchronizedField("sort_order"),
    ]
    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("is_visible"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Person")
        verbose_name_plural = _("People")

    def __str__(self):
        return f"{self.name} – {self.role}"


@dataclass(frozen=True)
class BoardTurn:
    """One member's turn as chair; `ends` is the turn's last day."""

    member: object
    starts: date
    ends: date


def add_months(day, months):
    """The same day `months` later, or the month's last day when it is shorter (31 Aug + 6 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def current_board_chair(members, start, today, months=6):
    """Whose turn it is to chair the Board on `today`, or None before the rotation starts.

    The member with the lowest `board_order` chairs from `start`; each turn lasts `months` calendar
    months and the next member in `board_order` follows, starting again from the first after the last.
    Every turn boundary is counted from `start` itself (start + k × months), so short months never
    make the rotation drift: a rotation starting on 31 August changes hands on 28 or 29 February and
    again on 31 August. Ties in `board_order` are broken by translation key, so that every language
    names the same chair.
    """
    if start is None or months < 1 or today < start:
        return None
    rotation = sorted(members, key=lambda member: (member.board_order, str(member.translation_key)))
    if not rotation:
        return None
    months_elapsed = (today.year - start.year) * 12 + today.month - start.month
    turn = months_elapsed // months
    if add_months(start, turn * months) > today:
        turn -= 1  # the boundary falls later in this month
    return BoardTurn(
        member=rotation[turn % len(rotation)],
        starts=add_months(start, turn * months),
        ends=add_months(start, (turn + 1) * months) - timedelta(days=1),
    )


def localized_snippets(queryset, locale_id):
    """Each object in the locale `locale_id`, or in the default language while its translation is missing.

    Organisations and people added in English appear at once in every language (marked as English
    in the page) instead of silently missing from the consortium or the Board's rotation.
    """
    default_language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    rows = queryset.filter(Q(locale_id=locale_id) | Q(locale__language_code=default_language))
    by_key = {}
    for row in rows:
        row.is_fallback = row.locale_id != locale_id
        row.fallback_language = default_language if row.is_fallback else ""
        if row.translation_key not in by_key or not row.is_fallback:
            by_key[row.translation_key] = row
    return list(by_key.values())


class WhoWeArePage(BasePage):
    """The consortium, the Board and its current chair, and the Secretariat."""

    intro = models.TextField(_("Introduction"), blank=True)
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("Body"))
    board_rotation_start = models.DateField(
        _("Board rotation start"),
        null=True,
        blank=True,
        help_text=_(
            "The day the first Board member (lowest place in the rotation) began to chair. "
            "Leave empty to show no chair."
        ),
    )
    board_turn_months = models.PositiveSmallIntegerField(
        _("Months per chair"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    # Each with its double size for high-density screens (srcset); all made ahead (website/renditions.py).
    LOGO_FILTERS = ["max-160x80|format-webp", "max-320x160|format-webp"]
    PHOTO_FILTERS = ["fill-160x160|format-webp", "fill-320x320|format-webp"]

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("board_rotation_start"), FieldPanel("board_turn_months")], _("Board chair rotation")
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    override_translatable_fields = BasePage.override_translatable_fields + [
        TranslatableField("intro"),
        TranslatableField("body"),
        SynchronizedField("board_rotation_start"),
        SynchronizedField("board_turn_months"),
    ]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    template = "website/pages/who_we_are_page.html"

    class Meta:
        verbose_name = _("Who we are page")

    def get_meta_description(self):
        return self.search_description or self.intro

    def organisations(self):
        images = get_image_model().objects.prefetch_renditions(*self.LOGO_FILTERS)
        queryset = Organisation.objects.prefetch_related(Prefetch("logo", queryset=images))
        return sorted(localized_snippets(queryset, self.locale_id), key=lambda item: item.name.casefold())

    def secretariat(self):
        images = get_image_model().objects.prefetch_renditions(*self.PHOTO_FILTERS)
        queryset = Person.objects.filter(is_visible=True).prefetch_related(Prefetch("photo", queryset=images))
        people = localized_snippets(queryset, self.locale_id)
        return sorted(people, key=lambda person: (person.sort_order, person.name.casefold()))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        organisations = self.organisations()
        board = sorted(
            (organisation for organisation in organisations if organisation.is_board_member),
            key=lambda member: (member.board_order, str(member.translation_key)),
        )
        context["organisations"] = organisations
        context["board"] = board
        context["chair"] = current_board_chair(
            board, self.board_rotation_start, timezone.localdate(), self.board_turn_months
        )
        context["secretariat"] = self.secretariat()
        return context


class RateCounter(models.Model):
    """How many requests one client sent to one form on one day, for the spam layers' rate limit.

    In the database rather than the cache: page traffic cannot evict it and every worker shares it.
    `client` is the day's keyed hash of the address (website.clients.client_key), never the address;
    rows older than today are deleted by a daily task (website.antispam.purge_rate_counters).
    """

    client = models.CharField(max_length=64)
    form = models.CharField(max_length=40)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    shown_on_public_pages = False  # a new row must not empty the page cache (website.page_cache)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "form", "client"], name="one_counter_per_client")
        ]

    def __str__(self):
        return f"{self.form} {self.day}: {self.count}"
