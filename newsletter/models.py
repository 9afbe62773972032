"""Newsletter topics (translated by editors), subscribers, the retention setting and the signup page."""

import uuid
from http import HTTPMethod

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from website.antispam import CaptchaMode
from website.models import BasePage

LANGUAGE_CHOICES = settings.LANGUAGES
# How many events a subscriber's record keeps (requests, confirmations, changes, unsubscribes).
HISTORY_LENGTH = 50


class Topic(TranslatableMixin, models.Model):
    """What a subscriber can choose to hear about; the key is what the mailing tool sees in every language."""

    key = models.SlugField(
        _("Key"),
        max_length=40,
        help_text=_(
            "Stays the same in every language and in the export, e.g. vacancies. Never change it once used."
        ),
    )
    name = models.CharField(_("Name"), max_length=100)
    description = models.CharField(_("Description"), max_length=250, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("Place in the list"), default=0)

    override_translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("key"),
        SynchronizedField("sort_order"),
    ]
    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("key"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Newsletter topic")
        verbose_name_plural = _("Newsletter topics")
        ordering = ["sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["locale", "key"], name="one_topic_key_per_locale")]

    def __str__(self):
        return self.name


def source_topics():
    """Topics in the default language: subscribers are linked to these, whatever language they read."""
    return Topic.objects.filter(locale__language_code=settings.LANGUAGE_CODE)


def topic_choices(language_code):
    """(key, name) for the signup form: every topic of the default language, named in `language_code`."""
    sources = list(source_topics())
    names = dict(
        Topic.objects.filter(
            locale__language_code=language_code,
            translation_key__in=[topic.translation_key for topic in sources],
        ).values_list("translation_key", "name")
    )
    return [(topic.key, names.get(topic.translation_key, topic.name)) for topic in sources]


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    QUARANTINED = "quarantined", _("Quarantined (waiting for confirmation or release)")
    SUBSCRIBED = "subscribed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Subscriber(models.Model):
    """One address. Only a confirmed address (status "subscribed") receives the newsletter.

    The consent fields hold the consent in force (or, while waiting, the one asked for); `history`
    keeps each request, confirmation, change and unsubscription with its consent text version and
    language. No IP address, user agent or referrer is stored.
    """

    # Personal data stays in this table: never copied into Wagtail's reference index.
    wagtail_reference_index_ignore = True

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # As typed, with the domain in lower case: where mail goes.
    email = models.EmailField(_("Email address"), max_length=254)
    # The whole address in lower case: one record per mailbox, however its owner types it.
    email_key = models.CharField(max_length=254, unique=True, editable=False)
    language = models.CharField(_("Language"), max_length=8, choices=LANGUAGE_CHOICES)
    topics = models.ManyToManyField(
        Topic,
        verbose_name=_("Topics"),
        blank=True,
        related_name="subscribers",
        limit_choices_to=Q(locale__language_code=settings.LANGUAGE_CODE),
    )
    status = models.CharField(
        _("Status"),
        max_length=12,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
        db_index=True,
    )
    quarantine_reasons = models.CharField(_("Quarantine reasons"), max_length=200, blank=True)
    consent_text_version = models.CharField(_("Consent text version"), max_length=40, blank=True)
    consent_language = models.CharField(_("Consent given in"), max_length=8, blank=True)
    consented_at = models.DateTimeField(_("Consent given at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("Confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("Unsubscribed at"), null=True, blank=True, db_index=True)
    source = models.CharField(_("Source"), max_length=200, blank=True)
    last_mail_sent_at = models.DateTimeField(_("Last email sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    history = models.JSONField(_("History"), default=list, blank=True)

    class Meta:
        verbose_name = _("Newsletter subscriber")
        verbose_name_plural = _("Newsletter subscribers")
        ordering = ["-created_at"]
        permissions = [("manage_subscribers", "Can see and manage newsletter subscribers")]

    def __str__(self):
        # Not the whole address: this label is kept in the admin's logs after the record is deleted.
        local, _at, domain = self.email.partition("@")
        return f"{local[:1]}…@{domain}"

    def record(self, event, when, **details):
        """Append an event to the history (saved with the next save())."""
        entry = {"event": event, "at": when.isoformat(), **details}
        self.history = [*self.history, entry][-HISTORY_LENGTH:]

    def topic_keys(self):
        return " ".join(sorted(topic.key for topic in self.topics.all()))

    topic_keys.short_description = _("Topics")

    def topic_names(self):
        return ", ".join(topic.name for topic in self.topics.all())

    topic_names.short_description = _("Topics")

    def history_display(self):
        """The history, newest first, one event a line (for the admin's inspect view)."""
        return format_html_join(
            "",
            "<div>{} · {} {}</div>",
            (
                (entry.get("at", "")[:19].replace("T", " "), entry.get("event", ""), entry.get("version", ""))
                for entry in reversed(self.history)
            ),
        )

    history_display.short_description = _("History")

    def unsubscribe_url(self):
        from .links import unsubscribe_url

        return unsubscribe_url(self)

    unsubscribe_url.short_description = _("Unsubscribe link")

    def manage_url(self):
        from .links import manage_url

        return manage_url(self)

    manage_url.short_description = _("Manage link")


@register_setting(icon="mail")
class NewsletterSettings(BaseGenericSetting):
    retention_days = models.PositiveIntegerField(
        _("Keep the record of an unsubscribed address for (days)"),
        default=1095,
        help_text=_(
            "The record (address, consent and unsubscription dates) proves that we had consent while we "
            "sent mail. Set it to the period your data protection officer requires; then it is deleted."
        ),
    )

    captcha_mode = models.CharField(
        _("reCAPTCHA on the signup page"),
        max_length=5,
        choices=CaptchaMode.CHOICES,
        default=CaptchaMode.OFF,
        help_text=_(
            "Off by default. When on, the signup page loads Google's script. A signup that fails it (or "
            "comes from a signup block on another page, which never loads Google's script) is not "
            "refused: it waits in quarantine until its owner clicks the link in the confirmation email."
        ),
    )
    captcha_min_score = models.FloatField(
        _("reCAPTCHA v3: lowest score accepted"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )

    panels = [
        FieldPanel("retention_days"),
        MultiFieldPanel([FieldPanel("captcha_mode"), FieldPanel("captcha_min_score")], _("Spam protection")),
    ]

    class Meta:
        verbose_name = _("Newsletter")


class NewsletterSignupPage(BasePage):
    """The newsletter signup, on its own page in each language."""

    intro = RichTextField(_("Introduction"), features=["bold", "italic", "link", "ul"], blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the consent checkbox, in the reader's language when it is translated."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro"), PageChooserPanel("privacy_page")]
    override_translatable_fields = BasePage.override_translatable_fields + [
        TranslatableField("intro"),
        SynchronizedField("privacy_page"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "newsletter/signup_page.html"

    class Meta:
        verbose_name = _("Newsletter signup page")

    def get_meta_description(self):
        return self.search_description

    @classmethod
    def for_language(cls, language_code):
        """The live signup page in this language, else in the default language, else None."""
        pages = cls.objects.live().public().select_related("locale")
        page = pages.filter(locale__language_code=language_code).first()
        if page is None:
            page = pages.filter(locale=Locale.get_default()).first()
        return page

    def privacy_url(self, request=None):
        if self.privacy_page is None:
            return ""
        return self.privacy_page.localized.get_url(request) or ""

    def get_context(self, request, *args, **kwargs):
        from .links import CONFIRMATION_VALID_FOR

        context = super().get_context(request, *args, **kwargs)
        context["valid_days"] = CONFIRMATION_VALID_FOR.days  # also in previews, which may skip serve()
        return context

    # A POST is sent on to the page itself (see serve_signup_page).
    allowed_http_methods = [*BasePage.allowed_http_methods, HTTPMethod.POST]

    def serve(self, request, *args, **kwargs):
        from .views import serve_signup_page

        return serve_signup_page(self, request)
