"""In a real browser with JavaScript off, the table of contents takes the reader to the answer."""

import pytest

from tests.test_accessibility import violations_on

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "ar"])
def test_table_of_contents_shows_the_answer_below_the_quick_exit_bar_on_a_phone(browser, live_site, language):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_site}/{language}/faq/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.click('nav.faq-toc a[href="#complaint-deadlines"]')
    assert page.url.endswith("/faq/#complaint-deadlines")
    heading = page.locator("#complaint-deadlines").bounding_box()
    bar = page.locator(".quick-exit").bounding_box()
    # Not hidden under the sticky "Exit this page" bar, and on screen with its answer below it.
    assert bar["y"] + bar["height"] <= heading["y"] < 640 / 2
    assert page.locator("#complaint-deadlines ~ .rich-text").is_visible()
    context.close()


def test_faq_has_no_accessibility_violations_on_a_phone(browser, live_site):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.route("**/*.js", lambda route: route.abort())  # as a reader without JavaScript gets it
    found = {}
    for language in ["en", "ar", "ru"]:
        page.goto(f"{live_site}/{language}/faq/#who-funds-us")
        if problems := violations_on(page):
            found[language] = problems
    context.close()
    assert not found, found
