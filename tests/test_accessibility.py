"""axe-core finds no WCAG 2.2 A/AA violation on any page, in any language, at desktop and phone widths."""

import pytest

from tests.answers import ANSWERS, fill_in, send
from tests.axe import WCAG_TAGS, violations_on

pytestmark = pytest.mark.browser
__all__ = ["WCAG_TAGS", "violations_on"]  # other apps' browser tests use the same rules


def test_no_accessibility_violations_on_any_page(every_page_visited):
    pages = {path: visit for path, visit in every_page_visited.items() if "(error summary)" not in path}
    assert len(pages) > 200
    assert {path: visit.violations for path, visit in pages.items() if visit.violations} == {}


def test_no_accessibility_violations_on_forms_showing_their_error_summary(every_page_visited, settings):
    forms = {path: visit for path, visit in every_page_visited.items() if "(error summary)" in path}
    assert {path.split("/")[1] for path in forms} == {code for code, _name in settings.LANGUAGES}
    assert {path: visit.violations for path, visit in forms.items() if visit.violations} == {}


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


def test_no_accessibility_violations_after_sending_a_form(browser, live_site, settings, forget_submissions):
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
