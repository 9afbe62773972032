"""Shared fixtures: the demo site is loaded once into the test database, as `make run` loads it."""

import pytest
from django.core.management import call_command
from django.test.utils import setup_databases, teardown_databases


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_keepdb):
    """Create the test database whichever tests were collected, then load the demo site into it.

    pytest-django's own fixture creates it only when a collected test is marked for the database;
    the browser tests use it through a server thread without that mark.
    """
    with django_db_blocker.unblock():
        databases = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            keepdb=django_db_keepdb,
            aliases={"default"},
        )
        call_command("load_demo_content", verbosity=0)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(databases, verbosity=request.config.option.verbose)


@pytest.fixture
def demo_site(db):
    """The demo site in every language (loaded once per session; each test's changes roll back)."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)
