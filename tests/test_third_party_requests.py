"""No public page asks another host for anything: no font, script, image, frame or beacon.

The browser records every request each page makes, with its scripts running and its lazy images
loaded, and after each form is sent back with errors (see every_page_visited in tests/conftest.py);
one to any other host fails the test. The one exception is a form where an editor switched
reCAPTCHA on: that page, and only that page, may load Google's reCAPTCHA.
"""

from urllib.parse import urlsplit

import pytest

from tests.browser import LOAD_EVERYTHING, OffsiteRequests
from website.antispam import recaptcha_domain

pytestmark = pytest.mark.browser


def test_no_page_makes_a_request_to_another_host(every_page_visited):
    assert len(every_page_visited) > 200
    assert {path: visit.offsite for path, visit in every_page_visited.items() if visit.offsite} == {}


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


def test_the_check_itself_loads_lazy_images_far_down_the_page(browser, live_site):
    context = browser.new_context()
    offsite = OffsiteRequests(context, live_site)
    page = context.new_page()
    far_down = '<img loading="lazy" src="https://cdn.example.com/far.png" alt="">'
    page.set_content(f'<div style="block-size: 5000px"></div>{far_down}')
    assert offsite == []
    page.evaluate(LOAD_EVERYTHING)
    context.close()
    assert offsite == ["https://cdn.example.com/far.png"]


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
    context = browser.new_context()
    offsite = OffsiteRequests(context, live_site)
    page = context.new_page()
    found = {}
    for path in ["/en/request-support/", "/ar/request-support/", "/en/complaint/", "/en/"]:
        page.goto(live_site + path)
        if offsite:
            found[path] = list(offsite)
            offsite.clear()
    context.close()
    # Google's script, from the reCAPTCHA domain, on the support form alone.
    assert set(found) == {"/en/request-support/", "/ar/request-support/"}
    recaptcha_hosts = {recaptcha_domain(), "www.gstatic.com"}
    for requests in found.values():
        assert f"https://{recaptcha_domain()}/recaptcha/api.js" in requests
        for url in requests:
            assert urlsplit(url).hostname in recaptcha_hosts and urlsplit(url).path.startswith("/recaptcha/")
