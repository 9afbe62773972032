"""No public page asks another host for anything: no font, script, image, frame or beacon.

The browser records every request each page makes (with its scripts running, and after a form is
sent back with errors); one to any other host fails the test. The one exception is a form where an
editor switched reCAPTCHA on: that page, and only that page, may load Google's reCAPTCHA.
"""

from urllib.parse import urlsplit

import pytest

from tests.browser import OffsiteRequests
from tests.pages import form_page_paths, public_page_paths
from website.antispam import recaptcha_domain

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def paths(django_db_blocker):
    with django_db_blocker.unblock():
        return public_page_paths(), form_page_paths()


def visit(browser, live_site, paths, forms=()):
    """Every request to another host, by the page that made it."""
    context = browser.new_context()
    offsite = OffsiteRequests(context, live_site)
    page = context.new_page()
    found = {}
    for path in [*paths, *forms]:
        # "load": after every stylesheet, script, image and frame of the page (the site's script
        # fetches nothing later, which the test of the checker below would show).
        page.goto(live_site + path)
        if path in forms:
            with page.expect_navigation():
                page.locator("main form[method=post] button[type=submit]").click()
        if offsite:
            found[path] = list(offsite)
            offsite.clear()
    context.close()
    return found


def test_no_page_makes_a_request_to_another_host(browser, live_site, paths):
    every_page, forms = paths
    assert len(every_page) > 200
    assert visit(browser, live_site, every_page, forms) == {}


def test_the_check_itself_sees_a_request_to_another_host(browser, live_site):
    # Guards the test above against passing because requests went unseen.
    context = browser.new_context()
    offsite = OffsiteRequests(context, live_site)
    page = context.new_page()
    page.goto(live_site + "/en/")
    page.evaluate("() => { const image = new Image(); image.src = 'https://fonts.example.com/a.png'; }")
    page.wait_for_load_state("networkidle")
    context.close()
    assert offsite == ["https://fonts.example.com/a.png"]


@pytest.fixture
def recaptcha_on_the_support_form(django_db_blocker):
    """reCAPTCHA v2 switched on for the support form, in every language; off again afterwards."""
    from forms.models import SupportRequestFormPage

    with django_db_blocker.unblock():
        pages = SupportRequestFormPage.objects.all()
        pages.update(captcha_mode="v2")
    yield
    with django_db_blocker.unblock():
        pages.update(captcha_mode="off")


def test_only_a_form_with_recaptcha_switched_on_loads_it(browser, live_site, recaptcha_on_the_support_form):
    found = visit(
        browser, live_site, ["/en/request-support/", "/ar/request-support/", "/en/complaint/", "/en/"]
    )
    # Google's script, from the reCAPTCHA domain, on the support form alone.
    assert set(found) == {"/en/request-support/", "/ar/request-support/"}
    recaptcha_hosts = {recaptcha_domain(), "www.gstatic.com"}
    for requests in found.values():
        assert f"https://{recaptcha_domain()}/recaptcha/api.js" in requests
        for url in requests:
            assert urlsplit(url).hostname in recaptcha_hosts and urlsplit(url).path.startswith("/recaptcha/")
