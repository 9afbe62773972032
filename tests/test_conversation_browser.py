"""With JavaScript off, a defender and a member hold a sealed conversation through the receipt code alone."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from accounts.testing import login_with_second_factor
from forms import vault
from forms.inboxes import ensure_member_key
from forms.models import Inbox, InboxKeyGrant, Submission
from forms.retention import erase_submission
from forms.tests.test_submissions import all_database_text, files_containing
from tests.axe import violations_on

pytestmark = pytest.mark.browser
PASSWORD = "a long member password for the conversation test"
MARKER = "QXCONVMARK5521"
ADMIN = f"/{settings.ADMIN_PATH}"


@pytest.fixture
def support_member(django_db_blocker):
    """A member holding the demo support inbox's key: the inbox gets a new key pair for this test
    (the demo drops its recovery key), and its own key back afterwards, with the test's requests erased."""
    with django_db_blocker.unblock():
        inbox = Inbox.objects.get(kind="support")
        original_key = bytes(inbox.public_key)
        before = set(Submission.objects.values_list("pk", flat=True))
        user = get_user_model().objects.create_user(
            "conversation-member", "conversation-member@example.org", PASSWORD
        )
        user.groups.add(*Group.objects.filter(name="Support requests"))
        member_key = ensure_member_key(user, PASSWORD)
        public, private = vault.new_key_pair()
        inbox.public_key = public
        inbox.save(update_fields=["public_key"])
        InboxKeyGrant.objects.create(
            inbox=inbox, user=user, sealed_private_key=vault.grant(private, member_key.public_key)
        )
    yield user
    with django_db_blocker.unblock():
        for submission in Submission.objects.exclude(pk__in=before):
            erase_submission(submission)
        inbox.public_key = original_key
        inbox.save(update_fields=["public_key"])
        user.delete()


def test_defender_and_member_converse_in_arabic_with_a_file(
    browser, live_site, support_member, django_db_blocker, tmp_path
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    # The defender writes in Arabic.
    page.goto(f"{live_site}/ar/request-support/")
    page.check("#id_requester_0")
    page.check("#id_urgency_2")
    page.fill("#id_country", f"بلد {MARKER}")
    page.fill("#id_situation", f"تهديدات بعد تقرير {MARKER}")
    page.fill("#id_safe_contact", "Signal")
    page.wait_for_timeout(3100)  # the spam layers' time token: a person takes a few seconds
    page.locator("form[enctype] button[type=submit]").click()
    reference = page.locator(".confirmation .code").inner_text()
    receipt = page.locator("#receipt-code").inner_text()

    # A member reads it and replies (the admin through the test client).
    with django_db_blocker.unblock():
        submission = Submission.objects.get(reference=reference)
        member = login_with_second_factor(Client(), support_member, password=PASSWORD)
        admin_page = f"{ADMIN}/inboxes/support/{submission.pk}/"
        assert f"تهديدات بعد تقرير {MARKER}" in member.get(admin_page).content.decode()
        member.post(f"{admin_page}conversation/", {"text": f"أرسلي وثيقة المحكمة من فضلك {MARKER}"})

    # The defender reads the reply with the receipt code and answers with a file.
    page.goto(f"{live_site}/ar/status/")
    page.fill("#id_receipt_code", receipt)
    page.locator("main form:not([enctype]) button[type=submit]").click()
    thread = page.locator(".conversation-thread")
    assert f"أرسلي وثيقة المحكمة من فضلك {MARKER}" in thread.inner_text()
    assert receipt.replace("-", "") not in page.url.replace("-", "")
    document = tmp_path / "court.txt"
    document.write_text(f"court decision {MARKER}")
    page.fill("#id_text", f"ها هي الوثيقة {MARKER}")
    page.set_input_files("#id_files", str(document))
    page.wait_for_timeout(3100)
    page.locator("form[enctype] button[type=submit]").click()
    assert page.locator(".conversation .confirmation").is_visible()
    thread_text = page.locator(".conversation-thread").inner_text()
    assert f"ها هي الوثيقة {MARKER}" in thread_text and "court.txt" in thread_text
    assert receipt.replace("-", "") not in page.url.replace("-", "")
    context.close()

    # The thread and its form pass axe-core (which needs JavaScript to run), in Arabic.
    page = browser.new_page()
    page.goto(f"{live_site}/ar/status/")
    page.fill("#id_receipt_code", receipt)
    page.locator("main form:not([enctype]) button[type=submit]").click()
    assert page.locator(".conversation-message").count() == 2
    assert violations_on(page) == []
    page.close()

    # The member reads both: the answer and the file; and nothing is in clear at rest.
    with django_db_blocker.unblock():
        html = member.get(admin_page).content.decode()
        assert f"ها هي الوثيقة {MARKER}" in html
        assert f"أرسلي وثيقة المحكمة من فضلك {MARKER}" in html
        link = re.search(rf'href="({admin_page}conversation/files/[^"]+)"', html).group(1)
        assert member.get(link).content == f"court decision {MARKER}".encode()
        assert MARKER not in all_database_text()
    assert files_containing(settings.PRIVATE_ROOT, MARKER) == []
    assert files_containing(settings.MEDIA_ROOT, MARKER) == []
