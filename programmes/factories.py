"""Factories for tests (wagtail-factories), one per page type this app owns."""

import factory
import wagtail_factories

from .models import ProgrammeIndexPage, ProgrammePage, ProgrammeStatus


class ProgrammeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Programmes"
    slug = factory.Sequence(lambda n: f"programmes-{n}")
    intro = "What we fund."

    class Meta:
        model = ProgrammeIndexPage


class ProgrammePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Programme {n}")
    summary = "Who this programme helps and how."
    status = ProgrammeStatus.OPEN

    class Meta:
        model = ProgrammePage
