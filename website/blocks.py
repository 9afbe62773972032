"""StreamField blocks shared by every page type; each block renders through its own template."""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class SynchronisedSlugBlock(blocks.CharBlock):
    """A short key (an anchor, a question key) that stays the same in every language.

    wagtail-localize asks a block for its segments before looking at its class; returning none keeps
    the value out of the PO files and the translation editor, and on import each translation starts
    from the source page's value.
    """

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        # Never called while get_translatable_segments() returns nothing; if a translation made
        # before this block existed still carries a segment for it, the source value wins.
        return value


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        template = "website/blocks/heading.html"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "document-link", "ol", "ul", "h3"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "website/blocks/paragraph.html"


class ImageWithAltBlock(blocks.StructBlock):
    # Not Wagtail's ImageBlock: wagtail-localize crashes on it (wagtail-localize#839).
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        help_text=_("Describe the image for people who cannot see it."),
        max_length=250,
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "website/blocks/image.html"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning")), ("urgent", _("Urgent"))],
        default="info",
        label=_("Tone"),
    )
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        template = "website/blocks/callout.html"


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=250)
    body = blocks.RichTextBlock(label=_("Body"), features=["bold", "italic", "link", "ol", "ul"])


class AccordionBlock(blocks.StructBlock):
    # <details>/<summary> opens and closes without JavaScript.
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Items"))

    class Meta:
        icon = "list-ul"
        template = "website/blocks/accordion.html"


class TableWithCaptionBlock(blocks.StructBlock):
    # Rows of plain cells rather than contrib's TableBlock: wagtail-localize extracts no segments
    # from TableBlock's JSON, so its cells could not be translated.
    caption = blocks.CharBlock(label=_("Caption"), max_length=250)
    header = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("Column headings"))
    rows = blocks.ListBlock(
        blocks.ListBlock(blocks.CharBlock(max_length=500), label=_("Cells")),
        label=_("Rows"),
    )

    class Meta:
        icon = "table"
        template = "website/blocks/table.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=250, required=False)
    label = blocks.CharBlock(label=_("Button label"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or a web address"), required=False)

    class Meta:
        icon = "link"
        template = "website/blocks/call_to_action.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), max_length=200)

    class Meta:
        icon = "doc-full"
        template = "website/blocks/document_link.html"


def blocks_from_apps():
    """The body blocks that apps above `website` offer (the newsletter's signup, …).

    `website` is the ground floor and imports no app above it; the project's settings compose the
    body instead (`PAGE_BODY_APP_BLOCKS`, name → dotted path of a block class that imports no model
    at load time), as foundation.mozilla.org composes its blocks.
    """
    return [(name, import_string(path)()) for name, path in settings.PAGE_BODY_APP_BLOCKS]


class PageBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageWithAltBlock()
    callout = CalloutBlock()
    accordion = AccordionBlock()
    table = TableWithCaptionBlock()
    call_to_action = CallToActionBlock()
    document_link = DocumentLinkBlock()

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__([*blocks_from_apps(), *(local_blocks or [])], **kwargs)
