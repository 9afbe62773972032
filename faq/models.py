"""The FAQ page: sections of questions with stable anchors, and schema.org FAQPage data for search engines."""

import json

from django.db import models
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.rich_text import expand_db_html
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from website import request_memo
from website.models import BasePage

from .blocks import FAQSectionsBlock

# What django.utils.html.json_script escapes: inside <script>, "</script>" or "<!--" in any text
# would otherwise end the element or change how the browser parses it.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# Joins every answer into one string so that Wagtail looks up the pages they link to in one batch
# instead of once per answer, twice (body and JSON-LD). Rich text never holds a NUL character
# (PostgreSQL text cannot store one); _answers_html falls back to one call per answer if one does.
ANSWER_SEPARATOR = "\x00"


class FAQPage(BasePage):
    intro = models.TextField(_("Introduction"), blank=True)
    body = StreamField(FAQSectionsBlock(), blank=True, verbose_name=_("Questions and answers"))

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    # The StreamField is translated block by block; its anchors are kept out of translation by
    # AnchorBlock itself, so they stay the source page's in every language.
    override_translatable_fields = BasePage.override_translatable_fields + [
        TranslatableField("intro"),
        TranslatableField("body"),
        SynchronizedField("show_in_menus"),
    ]
    show_in_menus_default = True
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "faq/faq_page.html"

    class Meta:
        verbose_name = _("FAQ page")
        verbose_name_plural = _("FAQ pages")

    def get_meta_description(self):
        return self.search_description or self.intro

    def questions(self):
        """Every question, in page order, as (section, item) values."""
        return [(section.value, item) for section in self.body for item in section.value["questions"]]

    @cached_property
    def _answers_html(self):
        sources = [item["answer"].source for _section, item in self.questions()]
        parts = expand_db_html(ANSWER_SEPARATOR.join(sources)).split(ANSWER_SEPARATOR)
        if len(parts) != len(sources) or any(ANSWER_SEPARATOR in source for source in sources):
            parts = [expand_db_html(source) for source in sources]
        return dict(zip(sources, parts, strict=True))

    def answer_html(self, answer):
        """An answer's front-end HTML (links to pages in the reader's language), expanded once per request."""
        html = self._answers_html.get(answer.source)
        return expand_db_html(answer.source) if html is None else html

    def structured_data(self):
        return {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "name": self.seo_title or self.title,
            "inLanguage": request_memo.locale_code(self.locale_id),
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": item["question"],
                    "acceptedAnswer": {"@type": "Answer", "text": self.answer_html(item["answer"])},
                }
                for _section, item in self.questions()
            ],
        }

    def structured_data_json(self):
        """The JSON-LD for <script type="application/ld+json">, safe to place inside that element."""
        text = json.dumps(self.structured_data(), ensure_ascii=False, separators=(",", ":"))
        # Safe: json.dumps quotes every string and the escapes leave no "<", ">" or "&" to end the script.
        return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))  # noqa: S308
