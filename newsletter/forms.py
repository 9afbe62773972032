"""The signup and preferences forms, and the staff's import form."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .consent import consent_hint, consent_label
from .models import topic_choices

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class LanguageSelect(forms.Select):
    """Each language is named in itself, and marked so that screen readers pronounce it right."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = value
        return option


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the newsletter"), choices=settings.LANGUAGES, widget=LanguageSelect
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        help_text=_("Choose none to receive everything."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, language_code, **kwargs):
        super().__init__(*args, **kwargs)
        choices = topic_choices(language_code)
        if choices:
            self.fields["topics"].choices = choices
        else:
            del self.fields["topics"]

    @property
    def topic_keys(self):
        return self.cleaned_data.get("topics", [])


class SignupForm(PreferencesForm):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    consent = forms.BooleanField(
        error_messages={"required": _("Tick the box to confirm that you want to receive the newsletter.")}
    )

    field_order = ["email", "language", "topics", "consent"]

    def __init__(self, *args, privacy_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["email"].error_messages.update(
            {
                "required": _("Enter your email address."),
                "invalid": _("Enter an email address in the right format, like name@example.org."),
            }
        )
        self.fields["consent"].label = consent_label()
        self.fields["consent"].help_text = consent_hint(privacy_url)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, with a header row. Columns: email (required), language, topics (keys separated "
            "by spaces, commas or semicolons), consented_at (required, e.g. 2024-03-31 or "
            "2024-03-31T09:30:00Z), consent_text_version, source."
        ),
    )
    source = forms.CharField(
        label=_("Where this list comes from"),
        max_length=150,
        help_text=_(
            "Recorded with each address whose row names no source, e.g. “Mailing tool export, March 2024”."
        ),
    )
    confirmed_elsewhere = forms.BooleanField(
        label=_(
            "Every address in this file confirmed its subscription elsewhere (double opt-in), "
            "on the date given."
        ),
    )
