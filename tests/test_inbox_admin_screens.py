"""An inbox member's screens in a real browser, in English and in Arabic (right to left): the dashboard says
what needs a person now, two clicks reach a request of someone in danger, the list takes a bulk action.

Screenshots of the dashboard, list, request and reports pages are kept in
test-artifacts/screenshots/admin-<language>-<screen>.png for a person to look at.
"""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from wagtail.users.models import UserProfile

from accounts.testing import authenticator_for, unused_code
from forms.conversation import add_sender_message
from forms.inboxes import seal_submission
from forms.models import Inbox, Submission
from tests.test_conversation_browser import PASSWORD, support_member  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser
ADMIN = f"/{settings.ADMIN_PATH}"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def requests_to_triage():
    """A morning's inbox: someone in danger now, an overdue request, one held by the spam checks, a
    conversation waiting for an answer, and calmer ones, in several languages."""
    inbox = Inbox.objects.get(kind="support")

    def send(language, urgency, programme="emergency", **extra):
        answers = {"situation": "Threats after a report", "country": "—", "safe_contact": "Signal"}
        return seal_submission(
            inbox, answers, [], language=language, programme=programme, urgency=urgency, **extra
        )

    danger, _receipt = send("ar", "immediate")
    send("fa", "urgent", "relocation")
    send("es", "not_urgent", "organisations")
    send("ru", "urgent", "shelter", quarantine_reasons=["too_fast"])
    with time_machine.travel(timezone.now() - timedelta(days=20)):
        late, _receipt = send("fr", "not_urgent")
    answered, _receipt = send("pt", "urgent")
    add_sender_message(answered, "Here is the court decision you asked for.")
    return danger, late


def test_a_member_triages_in_english_and_arabic(browser, live_site, support_member, django_db_blocker):  # noqa: F811
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with django_db_blocker.unblock():
        danger, late = requests_to_triage()
        device = authenticator_for(support_member)
        code = unused_code(device)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_site}{ADMIN}/login/")
    page.fill("#id_username", support_member.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")

    for language, in_danger_label, reference_label in [
        ("en", "In danger now, not yet answered", "Reference"),
        ("ar", "في خطر الآن، بلا رد بعد", "الرقم المرجعي"),
    ]:
        with django_db_blocker.unblock():
            profile = UserProfile.get_for_user(support_member)
            profile.preferred_language = language
            profile.save()
        # Click 1: from the dashboard's count of people in danger now to the list of exactly them.
        page.goto(f"{live_site}{ADMIN}/")
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        panel = page.locator('[data-inbox="support"]')
        assert in_danger_label in panel.inner_text()
        page.screenshot(path=SCREENSHOTS / f"admin-{language}-dashboard.png", full_page=True)
        with page.expect_navigation():
            panel.get_by_text(in_danger_label).click()
        rows = page.locator("#listing-results tbody tr")
        assert rows.count() == 1 and danger.reference in rows.first.inner_text()
        # The badge reads as words, not colour alone.
        assert page.locator("#listing-results .inbox-urgency--immediate").count() == 1
        page.goto(f"{live_site}{ADMIN}/inboxes/support/")
        assert reference_label in page.locator("#listing-results thead").inner_text()
        # The overdue request comes first: the list is sorted by the next deadline.
        assert late.reference in page.locator("#listing-results tbody tr").first.inner_text()
        page.screenshot(path=SCREENSHOTS / f"admin-{language}-list.png", full_page=True)
        # Click 2: the request itself.
        with page.expect_navigation():
            page.get_by_role("link", name=danger.reference).click()
        assert "Threats after a report" in page.locator("main").inner_text()
        page.screenshot(path=SCREENSHOTS / f"admin-{language}-request.png", full_page=True)
        page.goto(f"{live_site}{ADMIN}/inbox-reports/?inbox=support")
        assert page.locator("img[src*='chart.svg']").count() >= 1
        page.screenshot(path=SCREENSHOTS / f"admin-{language}-reports.png", full_page=True)

    # A bulk action with Wagtail's own checkboxes and footer: two requests marked "In review".
    page.goto(f"{live_site}{ADMIN}/inboxes/support/")
    page.locator("#listing-results tbody tr").nth(0).locator("input[data-bulk-action-checkbox]").check()
    page.locator("#listing-results tbody tr").nth(1).locator("input[data-bulk-action-checkbox]").check()
    with page.expect_navigation():
        page.locator("[data-bulk-action-footer] a", has_text="حالة").first.click()
    page.screenshot(path=SCREENSHOTS / "admin-ar-bulk-status.png", full_page=True)
    page.locator("input[name=status][value=in_review]").check()
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    with django_db_blocker.unblock():
        assert Submission.objects.filter(inbox__kind="support", status="in_review").count() == 2
    page.close()
