"""Vacancies: jobs, consultancies and internships, open until their closing time in Brussels.

Whether a vacancy is open is never stored: every request compares its closing time with the clock,
so a vacancy leaves the open list at its closing minute without an editor, a cron job or a cached flag.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, time
from html import unescape
from zoneinfo import ZoneInfo

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.formats import date_format, time_format
from django.utils.functional import SimpleLazyObject
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import conditional_page
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from website.blocks import PageBodyBlock
from website.models import BasePage, SectionIndexPage
from website.page_cache import content_version

from .structured_data import job_posting, script_safe_json

BRUSSELS = ZoneInfo("Europe/Brussels")
# The longest any cache may keep a vacancy page or list, even when nothing closes soon: edits show
# within minutes without a purge.
MAX_CACHE_SECONDS = 300
# How long an index's list state (ListState) and its rendered lists are kept when nothing changes.
LIST_STATE_SECONDS = 3600


def limit_caching(request, response, next_closing, now):
    """Let browsers and caches keep `response` no longer than until `next_closing`.

    Whatever cache is put in front of these pages later (Django's cache middleware, a CDN) reads
    max-age, so none can serve a vacancy as open after it has closed.
    """
    if getattr(request, "is_preview", False):
        add_never_cache_headers(response)
        return response
    max_age = MAX_CACHE_SECONDS
    if next_closing is not None:
        max_age = min(max_age, int((next_closing - now).total_seconds()))
    if max_age > 0:
        patch_cache_control(response, max_age=max_age)
    else:
        patch_cache_control(response, no_cache=True, max_age=0)
    return response


@dataclass(frozen=True)
class ListState:
    """Which vacancies an index lists as open and as closed stays the same from one reading until the
    next closing time, or until something is published (a new content version): remembered in the cache
    for that span, the lists' HTML is kept as a fragment under `key` and the page costs no list query.
    A reading from a later time than the present (a clock set back) is never trusted. (A preview of the
    index lists the same published vacancies: only its fragment is rendered afresh.)
    """

    key: str
    read_at: datetime
    next_closing: datetime | None

    @staticmethod
    def cache_key(request, index_page):
        return f"vacancy-lists:{content_version(request)}:{index_page.pk}"

    @classmethod
    def current(cls, request, index_page, now):
        state = cache.get(cls.cache_key(request, index_page))
        if state is None or not state.read_at <= now:
            return None
        if state.next_closing is not None and now >= state.next_closing:
            return None
        return state

    @classmethod
    def keep(cls, request, index_page, now, next_closing):
        state = cls(key=secrets.token_hex(8), read_at=now, next_closing=next_closing)
        cache.set(cls.cache_key(request, index_page), state, LIST_STATE_SECONDS)
        return state


class BrusselsDateTimeField(forms.DateTimeField):
    """Editors type and read closing times in Brussels time, whatever time zone their admin account uses."""

    def prepare_value(self, value):
        with timezone.override(BRUSSELS):
            return super().prepare_value(value)

    def to_python(self, value):
        # Parsing under Brussels also rejects times that do not exist there (the hour skipped in March).
        with timezone.override(BRUSSELS):
            return super().to_python(value)


class VacancyPageForm(WagtailAdminPageForm):
    closing_at = BrusselsDateTimeField(
        label=_("Closing date and time"),
        widget=AdminDateTimeInput,
        help_text=_("In Brussels time. The vacancy shows as closed from this moment, by itself."),
    )


class VacancyIndexPage(RoutablePageMixin, SectionIndexPage):
    """The "Vacancies" section of one language: open vacancies first, then closed ones, and a feed."""

    subpage_types = ["vacancies.VacancyPage"]
    template = "vacancies/vacancy_index_page.html"
    # Closed vacancies stay listed for reference; only the most recent ones, so the page stays small.
    closed_listed = 20

    class Meta:
        verbose_name = _("Vacancy index")

    def vacancies(self):
        return (
            VacancyPage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .defer("how_to_apply")
            .select_related("locale")
        )

    def open_vacancies(self, now):
        return self.vacancies().filter(closing_at__gt=now).order_by("closing_at", "title")

    def closed_vacancies(self, now):
        return self.vacancies().filter(closing_at__lte=now).order_by("-closing_at", "title")

    def feed_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("feed")

    # What a vacancy's card shows (vacancies/includes/vacancy_card.html): the list reads no more.
    CARD_FIELDS = ("id", "title", "url_path", "locale_id", "kind", "location", "remote_allowed", "summary")
    CARD_FIELDS += ("closing_at",)

    def listed_open(self, now):
        return list(self.open_vacancies(now).only(*self.CARD_FIELDS))

    def listed_closed(self, now):
        return list(self.closed_vacancies(now).only(*self.CARD_FIELDS)[: self.closed_listed])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = request_time(request)
        state = ListState.current(request, self, now)
        if state is None:
            open_vacancies = self.listed_open(now)
            next_closing = open_vacancies[0].closing_at if open_vacancies else None
            state = ListState.keep(request, self, now, next_closing)
            context["open_vacancies"] = open_vacancies
            context["closed_vacancies"] = self.listed_closed(now)
        else:
            # The lists are rendered from the cache (vacancy_index_page.html) unless it lost them.
            context["open_vacancies"] = SimpleLazyObject(lambda: self.listed_open(now))
            context["closed_vacancies"] = SimpleLazyObject(lambda: self.listed_closed(now))
        context["next_closing"] = state.next_closing
        context["vacancy_lists_key"] = state.key
        context["feed_url"] = self.feed_url(request)
        return context

    def serve(self, request, *args, **kwargs):
        # Every route of this page (list and feed) changes when the soonest open vacancy closes.
        response = super().serve(request, *args, **kwargs)
        now = request_time(request)
        context = getattr(response, "context_data", None) or {}
        if "next_closing" in context:
            next_closing = context["next_closing"]
        else:
            next_closing = self.open_vacancies(now).values_list("closing_at", flat=True).first()
        return limit_caching(request, response, next_closing, now)

    @path("feed/", name="feed")
    def feed(self, request):
        from .feeds import OpenVacanciesFeed

        # A feed reader that sends back the ETag (a digest of the feed) gets a 304 when nothing changed.
        return conditional_page(OpenVacanciesFeed(self, request_time(request)))(request)


BLOCK_END = re.compile(
    r"(</(?:p|li|h[1-6]|div|tr|caption|summary|details|aside|figcaption)>|<br\s*/?>)", re.I
)


def html_to_text(html):
    """Text of rendered HTML, one line per paragraph, list item or heading."""
    text = unescape(strip_tags(BLOCK_END.sub(r"\1\n", str(html))))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def request_time(request):
    """One clock reading per request, so the list, the page and its cache headers agree on open/closed."""
    if not hasattr(request, "vacancies_now"):
        request.vacancies_now = timezone.now()
    return request.vacancies_now


class VacancyPage(BasePage):
    class Kind(models.TextChoices):
        JOB = "job", _("Job")
        CONSULTANCY = "consultancy", _("Consultancy")
        INTERNSHIP = "internship", _("Internship")

    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices, default=Kind.JOB)
    location = models.CharField(
        _("Location"),
        max_length=200,
        blank=True,
        help_text=_("City where the work is based, as readers should see it, e.g. Brussels, Belgium."),
    )
    country = models.CharField(
        _("Country code"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters (ISO 3166), e.g. BE."))],
        help_text=_("ISO 3166 two-letter code of the location's country, e.g. BE, for search engines."),
    )
    remote_allowed = models.BooleanField(
        _("Can be done remotely"),
        default=False,
        help_text=_("Applicants may work from where they live."),
    )
    applicant_location_requirements = models.CharField(
        _("Where remote applicants may live"),
        max_length=200,
        blank=True,
        help_text=_("Countries or regions, e.g. Any country, or Latin America. Leave empty if anywhere."),
    )
    contract = models.CharField(
        _("Contract"), max_length=200, help_text=_("e.g. Full time, 12 months, renewable.")
    )
    closing_at = models.DateTimeField(_("Closing date and time"), db_index=True)
    date_posted = models.DateField(_("Date posted"), default=timezone.localdate)
    summary = models.TextField(
        _("Summary"),
        max_length=500,
        help_text=_("Two or three sentences for lists, feeds and search engines."),
    )
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("Body"))
    how_to_apply = RichTextField(
        _("How to apply"), features=["bold", "italic", "link", "document-link", "ol", "ul"]
    )
    terms_of_reference = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("Terms of reference"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    base_form_class = VacancyPageForm
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("contract")]),
                FieldRowPanel([FieldPanel("location"), FieldPanel("country")]),
                FieldRowPanel([FieldPanel("remote_allowed"), FieldPanel("applicant_location_requirements")]),
                FieldRowPanel([FieldPanel("date_posted"), FieldPanel("closing_at")]),
            ],
            _("The vacancy"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("how_to_apply"),
        FieldPanel("terms_of_reference"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("location"),
        index.FilterField("closing_at"),
    ]
    override_translatable_fields = BasePage.override_translatable_fields + [
        SynchronizedField("kind"),
        TranslatableField("location"),
        SynchronizedField("country"),
        SynchronizedField("remote_allowed"),
        TranslatableField("applicant_location_requirements"),
        TranslatableField("contract"),
        SynchronizedField("closing_at"),
        SynchronizedField("date_posted"),
        TranslatableField("summary"),
        TranslatableField("body"),
        TranslatableField("how_to_apply"),
        SynchronizedField("terms_of_reference"),
    ]
    parent_page_types = ["vacancies.VacancyIndexPage"]
    subpage_types = []
    template = "vacancies/vacancy_page.html"

    class Meta:
        verbose_name = _("Vacancy")
        verbose_name_plural = _("Vacancies")

    def clean(self):
        super().clean()
        if not self.location and not self.remote_allowed:
            raise ValidationError({"location": _("Give a location, or say the work can be done remotely.")})

    def get_meta_description(self):
        return self.search_description or self.summary

    def is_open_at(self, now):
        return self.closing_at > now

    @property
    def closing_at_brussels(self):
        return timezone.localtime(self.closing_at, BRUSSELS)

    def closing_time_html(self):
        """`<time>` with the closing date and hour in Brussels time, as every page and the feed show it.

        Built here rather than in an included template: the same markup, a twentieth of the cost, on
        every card of the list and the home page.
        """
        local = self.closing_at_brussels
        values = {
            "date": date_format(local, "DATE_FORMAT"),
            "hour": time_format(local, "H:i"),
            "zone": date_format(local, "T"),
        }
        # As {% blocktranslate %} does: the values escaped, the translation trusted.
        text = gettext("%(date)s at %(hour)s %(zone)s (Brussels time)") % {
            name: conditional_escape(value) for name, value in values.items()
        }
        return format_html('<time datetime="{}">{}</time>', local.isoformat(), mark_safe(text))  # noqa: S308

    @property
    def date_posted_brussels(self):
        """The day it was posted, as a moment (start of that day in Brussels), for feeds."""
        return datetime.combine(self.date_posted, time.min, tzinfo=BRUSSELS)

    def plain_text(self):
        """The summary and body as plain text, for the JobPosting description."""
        return "\n".join(filter(None, [self.summary.strip(), html_to_text(self.body.render_as_block())]))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["is_open"] = self.is_open_at(request_time(request))
        # Deferred: only its URL and title are needed, both on the page row already fetched.
        index_page = self.get_parent().specific_deferred
        context["index_page"] = index_page
        context["feed_url"] = index_page.feed_url(request)
        context["job_posting_json"] = script_safe_json(job_posting(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        now = request_time(request)
        next_change = self.closing_at if self.is_open_at(now) else None
        return limit_caching(request, response, next_change, now)
