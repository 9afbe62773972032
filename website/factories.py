"""Factories for tests (wagtail-factories), one per page type and snippet this app owns."""

from datetime import date

import factory
import wagtail_factories
from wagtail.models import Locale

from .models import NoticeIndexPage, NoticePage, Organisation, Person, StandardPage, WhoWeArePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "An introduction."

    class Meta:
        model = StandardPage


class NoticeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Notices"
    intro = "What is changing in how we work."

    class Meta:
        model = NoticeIndexPage


class NoticePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Notice {n}")
    summary = "Something readers should know."

    class Meta:
        model = NoticePage


class WhoWeArePageFactory(wagtail_factories.PageFactory):
    title = "Who we are"
    intro = "A consortium of organisations."
    board_rotation_start = date(2016, 1, 1)
    board_turn_months = 6

    class Meta:
        model = WhoWeArePage


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n:03d}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    url = factory.Sequence(lambda n: f"https://org{n}.example/")
    description = "Protects people who defend human rights."
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Organisation


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Person {n:03d}")
    role = "Programme officer"
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Person
