"""The grant programmes: an index under each home page and one page per programme."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from website.blocks import PageBodyBlock
from website.layout import localized_link
from website.models import BasePage, SectionIndexPage


class ProgrammeKey(models.TextChoices):
    """What the support-request form pre-selects (`?programme=<key>`); stored values never change."""

    NONE = "", _("None (no support request for this programme)")
    EMERGENCY = "emergency", _("Emergency support")
    RELOCATION = "relocation", _("Temporary relocation")
    ORGANISATIONS = "organisations", _("Strengthening organisations")
    SHELTER = "shelter", _("Shelter initiatives")


class ProgrammeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class ProgrammeIndexPage(SectionIndexPage):
    """The "Programmes" section of a home page: an introduction and a card per programme."""

    subpage_types = ["programmes.ProgrammePage"]
    template = "programmes/programme_index_page.html"

    class Meta:
        verbose_name = _("Programme index")

    def programmes(self):
        # One query whatever the number of programmes: the fields a card shows, in tree order.
        return (
            ProgrammePage.objects.child_of(self)
            .live()
            .public()
            .order_by("path")
            .only(
                "id",
                "title",
                "url_path",
                "locale_id",
                "summary",
                "search_description",
                "status",
                "status_date",
            )
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = self.programmes()
        return context


class ProgrammePage(BasePage):
    """One grant programme (or network, or referral stream): who can apply, what it covers, how to ask."""

    summary = models.TextField(
        _("Summary"), help_text=_("One or two sentences, shown on the programmes list and to search engines.")
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.OPEN
    )
    status_date = models.DateField(
        _("Status date"),
        null=True,
        blank=True,
        help_text=_(
            "Open: the last day requests are taken. Paused: the day it is expected to reopen. "
            "Closed: the day it closed. Leave empty if there is no date."
        ),
    )
    status_message = models.CharField(
        _("Status message"),
        max_length=300,
        blank=True,
        help_text=_("Shown with the status at the top of the page, e.g. why it is paused."),
    )
    who_can_apply = StreamField(PageBodyBlock(), blank=True, verbose_name=_("Who can apply"))
    what_it_covers = StreamField(PageBodyBlock(), blank=True, verbose_name=_("What it covers"))
    amounts = RichTextField(_("Amounts"), features=["bold", "italic", "ol", "ul", "link"], blank=True)
    limits = StreamField(
        PageBodyBlock(),
        blank=True,
        verbose_name=_("Restrictions"),
        help_text=_("Who or what cannot be supported, e.g. no individual support for EU citizens."),
    )
    how_to_apply = RichTextField(
        _("How to apply"), features=["bold", "italic", "ol", "ul", "link"], blank=True
    )
    programme_key = models.CharField(
        _("Programme in the support-request form"),
        max_length=20,
        choices=ProgrammeKey.choices,
        blank=True,
        default=ProgrammeKey.NONE,
        help_text=_("The programme the request form pre-selects when a reader comes from this page."),
    )
    apply_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Request support page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the request button leads; each language follows it to its own translation."),
    )
    apply_button_label = models.CharField(
        _("Request button label"),
        max_length=80,
        blank=True,
        help_text=_("Leave empty for “Request support”."),
    )
    related_faq = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Related questions and answers"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The FAQ page that answers questions about this programme."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("status_date"), FieldPanel("status_message")], _("Status")
        ),
        FieldPanel("summary"),
        FieldPanel("who_can_apply"),
        FieldPanel("what_it_covers"),
        FieldPanel("amounts"),
        FieldPanel("limits"),
        MultiFieldPanel(
            [
                FieldPanel("how_to_apply"),
                FieldPanel("apply_page"),
                FieldPanel("apply_button_label"),
                FieldPanel("programme_key"),
            ],
            _("How to apply"),
        ),
        PageChooserPanel("related_faq", "faq.FAQPage"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("who_can_apply"),
        index.SearchField("what_it_covers"),
        index.SearchField("amounts"),
        index.SearchField("limits"),
        index.SearchField("how_to_apply"),
        index.FilterField("status"),
        index.FilterField("programme_key"),
    ]
    override_translatable_fields = BasePage.override_translatable_fields + [
        TranslatableField("summary"),
        TranslatableField("status_message"),
        TranslatableField("who_can_apply"),
        TranslatableField("what_it_covers"),
        TranslatableField("amounts"),
        TranslatableField("limits"),
        TranslatableField("how_to_apply"),
        TranslatableField("apply_button_label"),
        # The support form and the inbox rely on these stored values: one value in every language,
        # and translators cannot override them.
        SynchronizedField("programme_key", overridable=False),
        SynchronizedField("status", overridable=False),
        SynchronizedField("status_date", overridable=False),
        # Page references: each language follows them to that page's own translation when rendering.
        SynchronizedField("apply_page", overridable=False),
        SynchronizedField("related_faq", overridable=False),
    ]
    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types = []
    template = "programmes/programme_page.html"

    class Meta:
        verbose_name = _("Programme")

    def get_meta_description(self):
        return self.search_description or self.summary

    def clean(self):
        super().clean()
        if not self.programme_key:
            return
        # Two programmes with one key would make the support form's pre-selection ambiguous.
        # Translations of this page share its key by design, so they are not duplicates.
        duplicates = ProgrammePage.objects.filter(locale_id=self.locale_id, programme_key=self.programme_key)
        if self.translation_key:
            duplicates = duplicates.exclude(translation_key=self.translation_key)
        if duplicates.exists():
            raise ValidationError(
                {"programme_key": _("Another programme in this language already uses this key.")}
            )

    @property
    def is_open(self):
        return self.status == ProgrammeStatus.OPEN

    def status_text(self):
        """The status in words, with its date in the reader's language (rendered, not stored)."""
        if self.status_date is None:
            return {
                ProgrammeStatus.OPEN: gettext("Open for requests"),
                ProgrammeStatus.PAUSED: gettext("Paused: not taking new requests for now"),
                ProgrammeStatus.CLOSED: gettext("Closed: no longer taking requests"),
            }[self.status]
        date = date_format(self.status_date, "DATE_FORMAT")
        return {
            ProgrammeStatus.OPEN: gettext("Open for requests until %(date)s"),
            ProgrammeStatus.PAUSED: gettext("Paused until %(date)s"),
            ProgrammeStatus.CLOSED: gettext("Closed since %(date)s"),
        }[self.status] % {"date": date}

    def apply_url(self, request=None):
        """Where the request link leads, in the reader's language.

        While the programme is open its key is added (`?programme=<key>`) so that the support form
        pre-selects it; while paused or closed the link is a plain one, so that nobody is steered
        into a programme that takes no requests.
        """
        page = localized_link(request, self.apply_page_id)
        if page is None or not page["live"]:
            return ""
        url = page["url"]
        if url and self.programme_key and self.is_open:
            url = f"{url}?{urlencode({'programme': self.programme_key})}"
        return url

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["apply_url"] = self.apply_url(request)
        faq = localized_link(request, self.related_faq_id)
        context["related_faq"] = faq if faq is not None and faq["live"] else None
        return context
