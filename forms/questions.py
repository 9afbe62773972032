"""The questions each inbox relies on, fixed in code: their keys are the same in every language.

Labels and help texts are interface strings, translated in the gettext catalogues, so a submission
from /ar/ and one from /en/ carry the same keys and staff read the labels in their own language.
"""

import time

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .files import RefusedFile, accepted_files_hint, check_upload

PROGRAMME_CHOICES = [
    ("emergency", _("Emergency support")),
    ("relocation", _("Temporary relocation")),
    ("organisations", _("Support for an organisation")),
    ("shelter", _("Shelter")),
    ("unsure", _("I don't know")),
]
URGENCY_CHOICES = [
    ("immediate", _("I am in danger now (within 24 hours)")),
    ("urgent", _("Urgent (within a few days)")),
    ("not_urgent", _("Not urgent")),
]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Up to UPLOAD_MAX_FILES files, checked by their content, metadata stripped.

    Each refused file gets its own error naming it and saying why; the accepted ones are remembered
    by name (`accepted_names`) so that, if another answer needs fixing, the sender is asked to attach
    them again: a browser never sends a file twice.
    """

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        # Read when the form is shown: the limits in force, in the reader's language.
        kwargs.setdefault("help_text", lazy(accepted_files_hint, str)())
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx,.odt,.txt,.mp3,.m4a"
        self.accepted_names = []

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        self.accepted_names = []
        if len(uploads) > settings.UPLOAD_MAX_FILES:
            raise forms.ValidationError(
                _("Send at most %(count)s files."), params={"count": settings.UPLOAD_MAX_FILES}
            )
        checked, refusals = [], []
        # The files are checked one after another (one child's memory at a time) within one budget,
        # so a request full of slow files never holds a worker near gunicorn's timeout.
        deadline = time.monotonic() + settings.UPLOAD_CHECK_TOTAL_SECONDS
        for upload in uploads:
            seconds = min(settings.UPLOAD_CHECK_SECONDS, deadline - time.monotonic())
            try:
                checked.append(check_upload(upload, seconds=max(0.0, seconds)))
            except RefusedFile as refusal:
                refusals.append(forms.ValidationError(refusal.message, code=refusal.reason))
        self.accepted_names = [file.name for file in checked]
        if refusals:
            raise forms.ValidationError(refusals)
        return checked


def optional_email_field():
    return forms.EmailField(label=_("Email address"), required=False)


def acknowledgement_field():
    # The acknowledgement mail carries the reference and deadlines, never what was written.
    return forms.BooleanField(
        label=_("Send me an email that confirms you received this (it will not contain what I wrote)"),
        required=False,
    )


class InboxForm(forms.Form):
    """Fields every inbox form shares; subclasses list their own."""

    # Keys whose values are routing metadata kept in clear (choice keys only, never free text).
    clear_metadata = ()

    def __init__(self, *args, upload_refusals=(), **kwargs):
        self.upload_refusals = list(upload_refusals)
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.upload_refusals and "files" in self.fields:
            self.add_error(
                "files",
                _("%(names)s: each file must be under %(size)s MB, and at most %(count)s files.")
                % {
                    "names": ", ".join(self.upload_refusals),
                    "size": settings.UPLOAD_MAX_FILE_SIZE // (1024 * 1024),
                    "count": settings.UPLOAD_MAX_FILES,
                },
            )
        return cleaned

    def full_clean(self):
        super().full_clean()
        self.ask_to_attach_again()

    def ask_to_attach_again(self):
        """Files that passed their check are lost when something else sends the form back: say which."""
        field = self.fields.get("files")
        if not self.errors or not isinstance(field, EvidenceField):
            return
        names = [name for name in field.accepted_names if name]
        if names:
            self.add_error(
                "files",
                ngettext(
                    "Attach %(names)s again: for your safety, a file is not kept when something else "
                    "in the form needs fixing.",
                    "Attach %(names)s again: for your safety, files are not kept when something else "
                    "in the form needs fixing.",
                    len(names),
                )
                % {"names": ", ".join(names)},
            )

    def answers(self):
        """The answers to seal, by field key; files are sealed separately."""
        return {
            key: (value.isoformat() if hasattr(value, "isoformat") else value)
            for key, value in self.cleaned_data.items()
            if key != "files"
        }


class SupportRequestForm(InboxForm):
    requester = forms.ChoiceField(
        label=_("Who is asking for support?"),
        error_messages={"required": _("Tell us who is asking for support.")},
        choices=[
            ("defender", _("I am a human rights defender")),
            ("organisation", _("An organisation")),
            ("on_behalf", _("Someone on behalf of a defender")),
        ],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Name or pseudonym"), required=False, max_length=200, help_text=_("You may leave this empty.")
    )
    country = forms.CharField(
        label=_("Country where you are"),
        max_length=100,
        error_messages={"required": _("Tell us which country you are in.")},
    )
    programme = forms.ChoiceField(
        label=_("Which support are you asking for?"),
        choices=PROGRAMME_CHOICES,
        initial="unsure",
        error_messages={"required": _("Choose the support you are asking for, or “I don't know”.")},
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=URGENCY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us how urgent it is.")},
    )
    situation = forms.CharField(
        label=_("What happened, and what do you need?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("Tell us what happened and what you need.")},
    )
    safe_contact = forms.CharField(
        label=_("How and when can we contact you safely?"),
        help_text=_("For example: a messaging app, a phone number, times to avoid."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Tell us how we can contact you safely.")},
    )
    email = optional_email_field()
    wants_acknowledgement = acknowledgement_field()
    files = EvidenceField(label=_("Documents or evidence"))

    clear_metadata = ("programme", "urgency")


class ComplaintForm(InboxForm):
    concerned = forms.CharField(
        label=_("Which project or member of staff is this about?"), max_length=500, required=False
    )
    interaction_date = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("An approximate date is fine."),
    )
    complaint = forms.CharField(
        label=_("Your complaint"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("Write your complaint.")},
    )
    evidence = forms.CharField(
        label=_("Reasons or evidence"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        required=False,
    )
    files = EvidenceField(label=_("Files"))
    wants_reply = forms.BooleanField(label=_("I would like a reply"), required=False)
    reply_how = forms.CharField(
        label=_("How should we reply?"),
        help_text=_("For example an email address or a safe way to reach you."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    email = optional_email_field()
    wants_acknowledgement = acknowledgement_field()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wants_reply") and not (cleaned.get("reply_how") or cleaned.get("email")):
            self.add_error("reply_how", _("Tell us how to reply, or untick “I would like a reply”."))
        return cleaned


class FeedbackForm(InboxForm):
    sentiment = forms.ChoiceField(
        label=_("Is your feedback positive or negative?"),
        choices=[("positive", _("Positive")), ("negative", _("Negative")), ("mixed", _("Both"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us whether your feedback is positive or negative.")},
    )
    feedback = forms.CharField(
        label=_("Your feedback"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("Write your feedback.")},
    )
    contact = forms.CharField(
        label=_("Contact"),
        help_text=_("Only if you would like us to get back to you."),
        max_length=500,
        required=False,
    )


class ReceiptForm(forms.Form):
    receipt_code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        error_messages={"required": _("Type your receipt code.")},
        help_text=_("The code you were given when you sent your message, e.g. 7K3M-Q9XA-2B4C-D5E6-F7G8."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
