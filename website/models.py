"""Site-wide models: the hotline and quick-exit settings, the footer, notices and standard pages."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

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


class BasePage(Page):
    """Fields and translation rules every public page shares."""

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
            .only("id", "title", "summary", "url_path", "locale_id")
        )
