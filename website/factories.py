"""Factories for tests (wagtail-factories), one per page type this app owns."""

import factory
import wagtail_factories

from .models import NoticePage, StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "An introduction."

    class Meta:
        model = StandardPage


class NoticePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Notice {n}")
    summary = "Something readers should know."

    class Meta:
        model = NoticePage
