"""Optional questions editors add to one form page, on top of the questions fixed in code."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError

from website.blocks import SynchronisedSlugBlock

validate_question_key = RegexValidator(
    r"^[a-z][a-z0-9_]*\Z", _("Use lowercase letters, digits and underscores, starting with a letter.")
)


class ExtraQuestionBlock(blocks.StructBlock):
    # The key is synchronised, never translated: answers from every language land under the same key.
    key = SynchronisedSlugBlock(
        label=_("Key"),
        max_length=40,
        validators=[validate_question_key],
        help_text=_("Stays the same in every language, e.g. how_did_you_hear. Never change it once used."),
    )
    label = blocks.CharBlock(label=_("Question"), max_length=250)
    help_text = blocks.CharBlock(label=_("Help text"), max_length=250, required=False)
    long_answer = blocks.BooleanBlock(label=_("Long answer"), required=False)

    class Meta:
        icon = "help"
        label = _("Optional question")


class ExtraQuestionsBlock(blocks.StreamBlock):
    question = ExtraQuestionBlock()

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        errors = {}
        for index, child in enumerate(value):
            key = child.value["key"]
            if key in seen:
                errors[index] = ValidationError(_("Two questions use the key “%(key)s”.") % {"key": key})
            seen.add(key)
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value
