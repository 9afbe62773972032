"""axe-core finds no WCAG 2.2 A/AA violation on any page, in any language, at desktop and phone widths."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.answers import ANSWERS, fill_in, send
from tests.pages import form_page_paths, public_page_paths

pytestmark = pytest.mark.browser
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="module")
def paths(django_db_blocker):
    with django_db_blocker.unblock():
        return public_page_paths()


@pytest.fixture(scope="module")
def form_paths(django_db_blocker):
    with django_db_blocker.unblock():
        return form_page_paths()


def violations_on(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
    ]


def test_no_accessibility_violations_on_any_page(browser, live_site, paths):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for path in paths:
        page.goto(live_site + path)
        problems = violations_on(page)
        if problems:
            found[path] = problems
    context.close()
    assert not found, found


def test_no_accessibility_violations_at_320px_with_javascript_off(browser, live_site):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    found = {}
    for path in ["/en/", "/ar/", "/fa/", "/ru/feedback-and-response/", "/ar/security-advice/"]:
        page.goto(live_site + path)
        # axe is injected as a script, which needs JavaScript: check this layout in a JS-enabled twin page.
        found.update({path: problems} if (problems := violations_without_js(browser, page)) else {})
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, f"{path} scrolls sideways at 320 px ({scroll_width} px)"
    context.close()
    assert not found, found


def violations_without_js(browser, no_js_page):
    """Run axe over the exact HTML a no-JavaScript reader got, in a page where axe itself can run."""
    twin_context = browser.new_context(viewport={"width": 320, "height": 640})
    twin = twin_context.new_page()
    twin.route("**/*.js", lambda route: route.abort())  # the site's own script stays off, as for the reader
    twin.goto(no_js_page.url)
    problems = violations_on(twin)
    twin_context.close()
    return problems


def test_the_checker_itself_reports_a_known_violation(browser):
    # Guards the tests above against passing because axe never ran.
    page = browser.new_page()
    page.set_content('<html lang="en"><title>t</title><body><main><img src="x.png"></main></body></html>')
    assert any(problem.startswith("image-alt") for problem in violations_on(page))
    page.close()


def send_empty(page):
    """Press the form's button with nothing filled in: the page comes back with its error summary."""
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()


def test_no_accessibility_violations_on_forms_showing_their_error_summary(browser, live_site, form_paths):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for path in form_paths:
        page.goto(live_site + path)
        send_empty(page)
        assert page.locator("[data-error-summary]").is_visible(), f"{path} shows no error summary"
        if problems := violations_on(page):
            found[path] = problems
    context.close()
    assert not found, found


def test_no_accessibility_violations_after_sending_a_form(browser, live_site, settings):
    """The confirmation with the receipt code, and the status page that finds it, in every language."""
    settings.FORM_MIN_SECONDS = 0  # typed faster than a person; the spam layers are tested elsewhere
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for code, _name in settings.LANGUAGES:
        page.goto(f"{live_site}/{code}/feedback/")
        fill_in(page, ANSWERS["feedback"])
        send(page)
        receipt = page.locator("#receipt-code").inner_text()
        found.update({page.url: problems} if (problems := violations_on(page)) else {})
        page.goto(f"{live_site}/{code}/status/")
        page.fill("#id_receipt_code", receipt)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        assert page.locator(".confirmation").is_visible()
        found.update({f"{page.url} (found)": problems} if (problems := violations_on(page)) else {})
    context.close()
    assert not found, found
