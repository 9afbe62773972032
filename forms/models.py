"""Inboxes, their keys, and the sealed submissions defenders send to them."""

import secrets
import uuid
from datetime import timedelta
from http import HTTPMethod

from django import forms
from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail_localize.fields import SynchronizedField, TranslatableField

from website.antispam import CaptchaMode, describe
from website.models import BasePage

from .blocks import ExtraQuestionsBlock
from .questions import PROGRAMME_CHOICES, ComplaintForm, FeedbackForm, SupportRequestForm


class InboxKind(models.TextChoices):
    SUPPORT = "support", _("Support requests")
    COMPLAINT = "complaint", _("Complaints")
    FEEDBACK = "feedback", _("Feedback")


REFERENCE_PREFIXES = {InboxKind.SUPPORT: "SR", InboxKind.COMPLAINT: "CO", InboxKind.FEEDBACK: "FB"}
# Crockford's base 32: no I, L, O or U, so a code read aloud or written by hand is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def random_code(groups, size=4):
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(size)) for _ in range(groups))


class Inbox(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=InboxKind.choices, unique=True)
    # The current key: everything new is sealed to it. Earlier ones are in `keyring`.
    public_key = models.BinaryField(_("public key"))
    created_at = models.DateTimeField(auto_now_add=True)
    key_created_at = models.DateTimeField(_("key made"), default=timezone.now)
    # Set when a member lost their grant: a copy of the key may have left with them, so the inbox
    # page asks for a rotation until one is done.
    rotation_wanted_since = models.DateTimeField(_("rotation asked since"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbox")
        verbose_name_plural = _("inboxes")
        permissions = [
            ("access_support_inbox", "Can see the support requests inbox"),
            ("access_complaint_inbox", "Can see the complaints inbox"),
            ("access_feedback_inbox", "Can see the feedback inbox"),
        ]

    def __str__(self):
        return str(self.get_kind_display())

    @property
    def reference_prefix(self):
        return REFERENCE_PREFIXES[self.kind]

    @property
    def access_permission(self):
        return f"forms.access_{self.kind}_inbox"

    @property
    def key_fingerprint(self):
        from .vault import fingerprint

        return fingerprint(self.public_key)

    def rotation_reasons(self, now=None):
        """Why the inbox page asks a key holder to rotate the key now (empty: it does not)."""
        now = now or timezone.now()
        reasons = []
        if self.rotation_wanted_since:
            reasons.append(_("a member lost access since the key was made"))
        if now - self.key_created_at > timedelta(days=settings.INBOX_KEY_MAX_AGE_DAYS):
            reasons.append(
                _("the key is older than %(days)s days") % {"days": settings.INBOX_KEY_MAX_AGE_DAYS}
            )
        return reasons


class RetiredInboxKey(models.Model):
    """An earlier private key of an inbox, sealed to its current public key (re-sealed at each rotation),
    so whoever opens the current key opens every request sealed before the rotation too."""

    inbox = models.ForeignKey(Inbox, on_delete=models.CASCADE, related_name="keyring")
    public_key = models.BinaryField()
    sealed_private_key = models.BinaryField()
    retired_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pk"]  # newest first: rewritten oldest first at each rotation

    def __str__(self):
        return f"earlier key of {self.inbox}"


@register_setting(icon="mail")
class InboxSettings(BaseGenericSetting):
    """When a first contact is due for a support request, by the urgency the sender chose."""

    immediate_hours = models.PositiveIntegerField(
        _("“In danger now”: first contact within (hours)"), default=24
    )
    urgent_hours = models.PositiveIntegerField(_("“Urgent”: first contact within (hours)"), default=72)
    not_urgent_hours = models.PositiveIntegerField(
        _("“Not urgent”: first contact within (hours)"), default=336
    )

    class Meta:
        verbose_name = _("Inbox deadlines")

    def first_contact_hours(self, urgency):
        return {
            "immediate": self.immediate_hours,
            "urgent": self.urgent_hours,
            "not_urgent": self.not_urgent_hours,
        }.get(urgency, self.urgent_hours)


@register_setting(icon="bin")
class RetentionSettings(BaseGenericSetting):
    """How long each inbox keeps a request once it is closed, and quarantine keeps what it holds.

    A daily task (forms.retention) deletes what is older, with its files, notes and mail records.
    """

    support_days = models.PositiveIntegerField(_("Support requests: days kept after closing"), default=365)
    complaint_days = models.PositiveIntegerField(_("Complaints: days kept after closing"), default=365)
    feedback_days = models.PositiveIntegerField(_("Feedback: days kept after closing"), default=180)
    quarantine_days = models.PositiveIntegerField(_("Quarantine: days kept after arrival"), default=30)

    class Meta:
        verbose_name = _("Inbox retention")

    def days_after_closing(self, kind):
        return {
            InboxKind.SUPPORT: self.support_days,
            InboxKind.COMPLAINT: self.complaint_days,
            InboxKind.FEEDBACK: self.feedback_days,
        }[kind]


class MemberKey(models.Model):
    """A staff member's key pair; the private half encrypted under their password (argon2id, and the
    server's pepper when one is set). A new pair is made at every password change and reset."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_key")
    public_key = models.BinaryField()
    encrypted_private_key = models.BinaryField()
    salt = models.BinaryField()
    opslimit = models.PositiveIntegerField()
    memlimit = models.PositiveBigIntegerField()
    # Which pepper wrapped it (a short id of it, "" for none): re-wrapped at sign-in under the current one.
    pepper_id = models.CharField(max_length=16, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"key of {self.user}"

    @property
    def fingerprint(self):
        from .vault import fingerprint

        return fingerprint(self.public_key)


class InboxKeyGrant(models.Model):
    """The inbox private key sealed to one member (or, with no user, to the inbox's recovery key)."""

    inbox = models.ForeignKey(Inbox, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="inbox_grants"
    )
    sealed_private_key = models.BinaryField()
    # The member public key it is sealed to. When the member's key is replaced without the old one
    # being open (a password reset), this no longer matches: the grant is stale ("needs access").
    member_public_key = models.BinaryField(null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inbox", "user"], name="one_grant_per_member")]

    def __str__(self):
        return f"{self.inbox} → {self.user or 'recovery key'}"

    @property
    def is_recovery(self):
        return self.user_id is None


class SubmissionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("In review")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


def overdue_condition(now):
    """An open request past its next promise: the first answer, or the full answer."""
    return models.Q(status__in=[SubmissionStatus.RECEIVED, SubmissionStatus.IN_REVIEW]) & (
        models.Q(first_response_due__lt=now, status=SubmissionStatus.RECEIVED)
        | models.Q(full_response_due__lt=now)
    )


class SubmissionQuerySet(models.QuerySet):
    def overdue(self, now=None):
        return self.filter(overdue_condition(now or timezone.now()))

    def with_triage(self, now=None):
        """Annotated for the list: `next_due` (the next promise while open), `urgency_rank` (0 = in
        danger now), `late` (overdue) and `held` (the request, or a message in its conversation, is
        held by the spam checks)."""
        now = now or timezone.now()
        return self.annotate(
            next_due=models.Case(
                models.When(status=SubmissionStatus.RECEIVED, then=models.F("first_response_due")),
                models.When(status=SubmissionStatus.IN_REVIEW, then=models.F("full_response_due")),
                default=None,
            ),
            urgency_rank=models.Case(
                models.When(urgency="immediate", then=0), models.When(urgency="urgent", then=1), default=2
            ),
            late=models.Case(models.When(overdue_condition(now), then=True), default=False),
            held=models.Case(models.When(held_condition(), then=True), default=False),
        )


def held_condition():
    """The request, or a message the sender added to its conversation, waits for a member's review."""
    return ~models.Q(quarantine_reasons="") | models.Exists(
        ConversationMessage.objects.filter(submission=models.OuterRef("pk")).exclude(quarantine_reasons="")
    )


class Submission(models.Model):
    """One request. Everything the sender wrote is in `sealed_answers`, sealed to the inbox key.

    In clear are only what triage and deadlines need: the inbox, the language, the programme and
    urgency choice keys, status, dates and the reference. No IP address, user agent or referrer.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    inbox = models.ForeignKey(Inbox, on_delete=models.PROTECT, related_name="submissions")
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    receipt_digest = models.CharField(max_length=64, unique=True)
    # A keyed hash of the one-time token of the form it was sent with (website.antispam): the same form
    # sent again (a reload, a double click, a retry) finds this request instead of storing another.
    submission_token_digest = models.CharField(max_length=64, unique=True, null=True, editable=False)
    language = models.CharField(_("language"), max_length=8)
    form_translation_key = models.UUIDField(_("form"), null=True)
    programme = models.CharField(_("programme"), max_length=20, blank=True)
    urgency = models.CharField(_("urgency"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.RECEIVED
    )
    sealed_answers = models.BinaryField()
    # The sender's channel back: staff seal a message to reply_public_key; its private half is
    # locked under a key derived from the receipt code, which only the sender has.
    reply_public_key = models.BinaryField()
    reply_private_locked = models.BinaryField()
    message_to_sender = models.BinaryField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why the spam layers held it for review (codes of website.antispam.Reason); empty when they did not.
    quarantine_reasons = models.CharField(_("quarantine"), max_length=200, blank=True, db_index=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    full_response_due = models.DateTimeField(_("full response due"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        # Staff and senders say "request"; the plural is named so that no language gets an English "s".
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["first_response_due", "created_at"]

    def __str__(self):
        return self.reference

    @property
    def is_overdue(self):
        return Submission.objects.filter(pk=self.pk).overdue().exists()

    @property
    def is_quarantined(self):
        return bool(self.quarantine_reasons)

    def quarantine_reason_list(self):
        return describe([code for code in self.quarantine_reasons.split(",") if code])

    def deletion_date(self, retention=None):
        """When the daily retention task deletes it: None while it is open (kept until closed)."""
        retention = retention or RetentionSettings.load()
        if self.is_quarantined:
            return self.created_at + timedelta(days=retention.quarantine_days)
        if self.status == SubmissionStatus.CLOSED and self.closed_at:
            return self.closed_at + timedelta(days=retention.days_after_closing(self.inbox.kind))
        return None


def private_storage():
    return storages["private"]


def sealed_file_name(instance, filename):
    return f"sealed/{instance.submission_id}/{uuid.uuid4().hex}"


class SealedBlob(models.Model):
    """A file sealed to the inbox key before it was written to private storage; deleting the row
    deletes the file. Its name is inside a seal (the submission's answers, or the message's)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sealed_size = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        self.blob.delete(save=False)
        return super().delete(*args, **kwargs)


class SealedFile(SealedBlob):
    """A file sent with the request itself."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    blob = models.FileField(storage=private_storage, upload_to=sealed_file_name, max_length=200)

    def __str__(self):
        return f"sealed file of {self.submission}"


class InternalNote(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sealed_text = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"note on {self.submission}"


# Pages ------------------------------------------------------------------------------------------


class InboxFormPage(BasePage):
    """A page that editors place and translate, feeding one inbox through fields fixed in code."""

    intro = RichTextField(_("Introduction"), features=["bold", "italic", "link", "ul"], blank=True)
    promise = RichTextField(
        _("Our promise"),
        features=["bold", "italic", "link", "ul"],
        blank=True,
        help_text=_("What the sender can expect, e.g. response times."),
    )
    confirmation_text = RichTextField(
        _("After sending"),
        features=["bold", "italic", "link", "ul"],
        blank=True,
        help_text=_("Shown with the reference and receipt code: what happens next."),
    )
    status_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Status page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    captcha_mode = models.CharField(
        _("reCAPTCHA"),
        max_length=5,
        choices=CaptchaMode.CHOICES,
        default=CaptchaMode.OFF,
        help_text=_(
            "Off by default. When on, this page loads Google's script; a sender who cannot complete it "
            "(blocked, no JavaScript) is still received, into quarantine for review."
        ),
    )
    captcha_min_score = models.FloatField(
        _("reCAPTCHA v3: lowest score accepted"),
        default=0.5,
        help_text=_("Between 0 and 1. A lower score sends the request to quarantine, never away."),
    )
    extra_questions = StreamField(
        ExtraQuestionsBlock(),
        blank=True,
        verbose_name=_("Optional extra questions"),
        help_text=_("Asked after the questions the inbox relies on; answers are optional and sealed too."),
    )

    inbox_kind = None
    form_class = None
    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("promise"),
        FieldPanel("confirmation_text"),
        FieldPanel("status_page"),
        FieldPanel("extra_questions"),
    ]
    settings_panels = BasePage.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("captcha_mode"), FieldPanel("captcha_min_score")], heading=_("Spam protection")
        ),
    ]
    override_translatable_fields = BasePage.override_translatable_fields + [
        TranslatableField("intro"),
        TranslatableField("promise"),
        TranslatableField("confirmation_text"),
        # Labels and help texts are translated; each question's key is synchronised (see forms.blocks).
        TranslatableField("extra_questions"),
        # Routing never depends on a translator: the inbox is fixed by the page type.
        SynchronizedField("status_page"),
        # One spam policy per form, whatever the language.
        SynchronizedField("captcha_mode"),
        SynchronizedField("captcha_min_score"),
    ]
    template = "forms/form_page.html"

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description

    def initial_values(self, request):
        return {}

    def build_form(self, *args, **kwargs):
        """The fixed questions, then the editor's optional ones under keys shared by every language."""
        form = self.form_class(*args, **kwargs)
        for block in self.extra_questions:
            question = block.value
            form.fields[f"extra_{question['key']}"] = forms.CharField(
                label=question["label"],
                help_text=question["help_text"],
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}) if question["long_answer"] else forms.TextInput,
            )
        return form

    def extra_labels(self):
        return {f"extra_{block.value['key']}": block.value["label"] for block in self.extra_questions}

    # The form posts to its own page.
    allowed_http_methods = [*BasePage.allowed_http_methods, HTTPMethod.POST]

    def serve(self, request, *args, **kwargs):
        from .views import serve_inbox_form

        return serve_inbox_form(self, request)

    def serve_preview(self, request, mode_name):
        # Wagtail previews a page from its context alone: an editor would see the form "closed" and
        # none of the draft's questions. The preview is the public page as its reader would get it
        # (Wagtail's preview request is a GET for the page's own address), never kept (see
        # views.blank_form_variant).
        from .views import serve_inbox_form

        return serve_inbox_form(self, request)


class SupportRequestFormPage(InboxFormPage):
    inbox_kind = InboxKind.SUPPORT
    template = InboxFormPage.template  # Wagtail would otherwise look for a template named after the class
    form_class = SupportRequestForm

    class Meta:
        verbose_name = _("Support request form")

    def initial_values(self, request):
        programme = request.GET.get("programme", "")
        return {"programme": programme} if programme in dict(PROGRAMME_CHOICES) else {}


class ComplaintFormPage(InboxFormPage):
    inbox_kind = InboxKind.COMPLAINT
    template = InboxFormPage.template  # Wagtail would otherwise look for a template named after the class
    form_class = ComplaintForm

    class Meta:
        verbose_name = _("Complaint form")


class FeedbackFormPage(InboxFormPage):
    inbox_kind = InboxKind.FEEDBACK
    template = InboxFormPage.template  # Wagtail would otherwise look for a template named after the class
    form_class = FeedbackForm

    class Meta:
        verbose_name = _("Feedback form")


class ReceiptStatusPage(BasePage):
    """Where a sender types their receipt code to see the status, with no account and no email."""

    intro = RichTextField(_("Introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    override_translatable_fields = BasePage.override_translatable_fields + [TranslatableField("intro")]
    template = "forms/receipt_status_page.html"

    class Meta:
        verbose_name = _("Receipt status page")

    # The receipt code is posted, never put in the address.
    allowed_http_methods = [*BasePage.allowed_http_methods, HTTPMethod.POST]

    def serve(self, request, *args, **kwargs):
        from .views import serve_receipt_status

        return serve_receipt_status(self, request)


# Conversation with the sender (forms.conversation) ------------------------------------------------


class ConversationAuthor(models.TextChoices):
    SENDER = "sender", _("Sender")
    STAFF = "staff", _("Staff")


class ConversationMessage(models.Model):
    """One message of the thread between a request's sender and the inbox's members.

    The same JSON payload ({"text", "files"}) is sealed twice: to the inbox key, for members, and
    to the submission's reply key, for the sender with their receipt code. Nothing is in clear but
    who wrote (sender or which member), when, and why the spam layers held it, if they did.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="conversation")
    author_kind = models.CharField(max_length=10, choices=ConversationAuthor.choices)
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sealed_for_inbox = models.BinaryField()
    sealed_for_sender = models.BinaryField()
    quarantine_reasons = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.author_kind} message on {self.submission}"

    @property
    def is_held(self):
        return bool(self.quarantine_reasons)


def conversation_file_name(instance, filename):
    return f"sealed/{instance.message.submission_id}/conversation/{uuid.uuid4().hex}"


class ConversationFile(SealedBlob):
    """A file sent with a sender's later message in the conversation."""

    message = models.ForeignKey(ConversationMessage, on_delete=models.CASCADE, related_name="files")
    blob = models.FileField(storage=private_storage, upload_to=conversation_file_name, max_length=200)

    def __str__(self):
        return f"sealed file of {self.message}"
