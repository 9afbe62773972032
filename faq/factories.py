"""Factories for tests (wagtail-factories): the FAQ page and its blocks.

FAQPageFactory(
    parent=home,
    body__0__section__title="Funding",
    body__0__section__anchor="funding",
    body__0__section__questions__0__question="Who funds you?",
    body__0__section__questions__0__anchor="who-funds-us",
)
"""

import factory
import wagtail_factories
from django.utils.html import escape
from wagtail.rich_text import RichText

from .blocks import FAQItemBlock, FAQSectionBlock, FAQSectionsBlock
from .models import FAQPage


class FAQItemBlockFactory(wagtail_factories.StructBlockFactory):
    question = factory.Sequence(lambda n: f"Question {n}?")
    anchor = factory.Sequence(lambda n: f"question-{n}")
    answer = factory.LazyAttribute(lambda item: RichText(f"<p>The answer to {escape(item.question)}</p>"))

    class Meta:
        model = FAQItemBlock


class FAQSectionBlockFactory(wagtail_factories.StructBlockFactory):
    title = factory.Sequence(lambda n: f"Section {n}")
    anchor = factory.Sequence(lambda n: f"part-{n}")
    questions = wagtail_factories.ListBlockFactory(FAQItemBlockFactory)

    class Meta:
        model = FAQSectionBlock


class FAQSectionsBlockFactory(wagtail_factories.StreamBlockFactory):
    section = factory.SubFactory(FAQSectionBlockFactory)

    class Meta:
        model = FAQSectionsBlock


class FAQPageFactory(wagtail_factories.PageFactory):
    title = "Frequently asked questions"
    slug = "faq"
    intro = "Answers to the questions people ask us most."
    body = wagtail_factories.StreamFieldFactory(FAQSectionsBlockFactory)

    class Meta:
        model = FAQPage
