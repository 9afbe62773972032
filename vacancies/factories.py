"""Factories for tests (wagtail-factories), one per page type this app owns."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone

from .models import VacancyIndexPage, VacancyPage


class VacancyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Vacancies"
    slug = factory.Sequence(lambda n: f"vacancies-{n}")
    intro = "Openings at the Secretariat."
    show_in_menus = True

    class Meta:
        model = VacancyIndexPage


class VacancyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Vacancy {n}")
    kind = VacancyPage.Kind.JOB
    location = "Brussels, Belgium"
    country = "BE"
    contract = "Full time, 12 months"
    closing_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    date_posted = factory.LazyFunction(timezone.localdate)
    summary = factory.LazyAttribute(lambda page: f"What {page.title} is about, in two sentences.")
    how_to_apply = '<p>Write to <a href="mailto:recruitment@example.org">recruitment@example.org</a>.</p>'

    class Meta:
        model = VacancyPage
