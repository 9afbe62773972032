"""What a person answers on each form, for the browser tests and for the posts the validator checks."""

import re

# By form slug: each question's key and the answer (a choice's stored value for radio buttons).
ANSWERS = {
    "request-support": {
        "requester": "defender",
        "country": "Atlantis",
        "urgency": "not_urgent",
        "situation": "Threats after a report",
        "safe_contact": "Email",
    },
    "complaint": {"complaint": "Nobody answered my request"},
    "feedback": {"sentiment": "positive", "feedback": "Thank you for the training"},
}
REFERENCE = re.compile(r"(SR|CO|FB)-[0-9A-Z]{4}-[0-9A-Z]{4}")
RECEIPT_CODE = re.compile(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}")


def fill_in(page, answers):
    """Answer in a Playwright page as a person does: tick the radio button, type in the box."""
    form = page.locator("main form[enctype]")
    for name, value in answers.items():
        field = form.locator(f"[name='{name}']")
        if field.first.get_attribute("type") == "radio":
            form.locator(f"[name='{name}'][value='{value}']").check()
        else:
            field.fill(value)


def send(page):
    """Press the form's Send button and wait for the page that answers."""
    with page.expect_navigation():
        page.locator("main form[enctype] button[type=submit]").click()
