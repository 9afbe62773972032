"""Shared fixtures: the demo site is loaded once into the test database, as `make run` loads it."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0)


@pytest.fixture
def demo_site(db):
    """The demo site in every language (loaded once per session; each test's changes roll back)."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)
