"""Factories for tests (wagtail-factories), one per page type this app owns."""

import factory
import wagtail_factories
from django.utils import timezone

from .models import NewsIndexPage, NewsPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"News index {n}")
    slug = factory.Sequence(lambda n: f"news-index-{n}")
    intro = "What we have been doing."

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    """A live news item; pass `parent=` (a NewsIndexPage), and `tags=[...]` to tag it."""

    title = factory.Sequence(lambda n: f"News item {n}")
    slug = factory.Sequence(lambda n: f"news-item-{n}")
    date = factory.LazyFunction(timezone.localdate)
    summary = factory.LazyAttribute(lambda page: f"Summary of {page.title}.")

    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(page, create, extracted, **kwargs):
        if extracted:
            page.tags.add(*extracted)
            if create:
                page.save()


class NewsImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"News test image {n}")
    file = factory.django.ImageField(width=640, height=360, color="navy")
