"""Fixtures of the cross-app browser tests; `browser` and `live_site` are in the root conftest."""

from dataclasses import dataclass

import pytest

from tests.axe import violations_on
from tests.browser import LOAD_EVERYTHING, OffsiteRequests
from tests.pages import form_page_paths, public_page_paths


@dataclass
class Visit:
    violations: list  # what axe-core found (WCAG 2.2 A and AA)
    offsite: list  # the requests the page made to other hosts


@pytest.fixture(scope="session")
def every_page_visited(browser, live_site, django_db_blocker):
    """Every public page, and every form sent back with its error summary, in every language, loaded
    once at 1280 px with JavaScript on: what axe found on each, and what each asked of other hosts.

    The accessibility and third-party tests read it, so that each page is loaded once for both.
    Forms are keyed "<path> (error summary)".
    """
    with django_db_blocker.unblock():
        paths, forms = public_page_paths(), form_page_paths()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    offsite = OffsiteRequests(context, live_site)
    page = context.new_page()
    visits = {}
    for path in paths + [f"{path} (error summary)" for path in forms]:
        page.goto(live_site + path.removesuffix(" (error summary)"))
        if path.endswith(" (error summary)"):
            with page.expect_navigation():
                page.locator("main form[method=post] button[type=submit]").click()
            assert page.locator("[data-error-summary]").is_visible(), f"{path}: no error summary"
        page.evaluate(LOAD_EVERYTHING)
        visits[path] = Visit(violations=violations_on(page), offsite=list(offsite))
        offsite.clear()
    context.close()
    return visits


@pytest.fixture
def forget_submissions(django_db_blocker):
    """Deletes the requests a test sent through the live site, and their sealed files: the demo
    database is shared by the whole session (other apps' tests expect their inboxes empty)."""
    from forms.models import Submission

    with django_db_blocker.unblock():
        before = set(Submission.objects.values_list("pk", flat=True))
    yield
    with django_db_blocker.unblock():
        for submission in Submission.objects.exclude(pk__in=before):
            for sealed in submission.files.all():
                sealed.delete()
            submission.delete()
