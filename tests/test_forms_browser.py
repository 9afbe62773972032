"""With JavaScript off, each form in English and Arabic takes a request and its receipt code finds it."""

import re

import pytest

pytestmark = pytest.mark.browser

FORMS = {
    "request-support": {
        "check": ["#id_requester_0", "#id_urgency_2"],
        "fill": {
            "#id_country": "Atlantis",
            "#id_situation": "Threats after a report",
            "#id_safe_contact": "Email",
        },
    },
    "complaint": {"check": [], "fill": {"#id_complaint": "Nobody answered my request"}},
    "feedback": {"check": ["#id_sentiment_0"], "fill": {"#id_feedback": "Thank you for the training"}},
}


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("slug", list(FORMS))
def test_form_accepts_a_request_and_the_status_page_finds_it(
    browser, live_site, language, slug, forget_submissions
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_site}/{language}/{slug}/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    for selector in FORMS[slug]["check"]:
        page.check(selector)
    for selector, value in FORMS[slug]["fill"].items():
        page.fill(selector, value)
    page.locator("form[enctype] button[type=submit]").click()
    reference = page.locator(".confirmation .code").inner_text()
    receipt = page.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"(SR|CO|FB)-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", receipt)
    page.goto(f"{live_site}/{language}/status/")
    page.fill("#id_receipt_code", receipt)
    page.locator("main form button[type=submit]").click()
    assert reference in page.locator(".confirmation").inner_text()
    context.close()


def test_support_button_on_a_form_error_keeps_the_typing_and_focuses_the_summary(browser, live_site):
    page = browser.new_page()
    page.goto(f"{live_site}/en/request-support/?programme=relocation")
    page.fill("#id_situation", "Typed before the error")
    page.locator("form[enctype] button[type=submit]").click()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.input_value("#id_situation") == "Typed before the error"
    assert page.input_value("#id_programme") == "relocation"
    page.locator(".error-summary a[href='#id_country']").click()
    assert page.evaluate("document.activeElement.id") == "id_country"
    page.close()
