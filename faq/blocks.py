"""The FAQ's StreamField: sections of questions, each question with an anchor shared by every language."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from website.blocks import SynchronisedSlugBlock

# Ids the page already has (base.html's main element and search box, the table of contents): no anchor
# may reuse them, or its link would jump to the wrong place.
RESERVED_IDS = frozenset({"main", "site-search-q", "faq-contents"})
SECTION_ID_PREFIX = "section-"

validate_anchor = RegexValidator(
    r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z",
    _("Use lowercase letters, digits and single hyphens, starting with a letter (e.g. who-funds-us)."),
)


class AnchorBlock(SynchronisedSlugBlock):
    """A link target (`#who-funds-us`) that stays the same in every language, so links shared in
    one language land on the same answer in all."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("validators", [validate_anchor])
        super().__init__(**kwargs)

    class Meta:
        icon = "link"


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    anchor = AnchorBlock(
        label=_("Anchor"),
        help_text=_(
            "The end of this answer's link (#who-funds-us). It is the same in every language: "
            "changing it breaks links people have shared."
        ),
    )
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = _("Question")
        template = "faq/blocks/faq_item.html"


class FAQSectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Section title"), max_length=200)
    anchor = AnchorBlock(
        label=_("Anchor"),
        help_text=_("The section's link is #section- followed by this, the same in every language."),
    )
    questions = blocks.ListBlock(FAQItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Section")
        template = "faq/blocks/faq_section.html"


def section_id(anchor):
    return f"{SECTION_ID_PREFIX}{anchor}"


class FAQSectionsBlock(blocks.StreamBlock):
    section = FAQSectionBlock()

    def clean(self, value):
        cleaned = super().clean(value)
        seen = set(RESERVED_IDS)
        block_errors = {}
        for index, child in enumerate(cleaned):
            section_errors = {}
            if section_id(child.value["anchor"]) in seen:
                section_errors["anchor"] = ValidationError(
                    duplicate_message(section_id(child.value["anchor"]))
                )
            seen.add(section_id(child.value["anchor"]))
            question_errors = {}
            for position, item in enumerate(child.value["questions"]):
                if item["anchor"] in seen:
                    question_errors[position] = StructBlockValidationError(
                        block_errors={"anchor": ValidationError(duplicate_message(item["anchor"]))}
                    )
                seen.add(item["anchor"])
            if question_errors:
                section_errors["questions"] = ListBlockValidationError(block_errors=question_errors)
            if section_errors:
                block_errors[index] = StructBlockValidationError(block_errors=section_errors)
        if block_errors:
            raise StreamBlockValidationError(
                block_errors=block_errors,
                non_block_errors=[ValidationError(_("Each anchor must be unique on the page."))],
            )
        return cleaned


def duplicate_message(element_id):
    return _("“%(id)s” is already used on this page; choose another anchor.") % {"id": element_id}
