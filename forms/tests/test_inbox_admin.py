"""Staff at work in the inbox: status, replies to the sender, notes, export, keys after a password change."""

import csv
import io
import re
from html.parser import HTMLParser

from django.conf import settings
from django.core.cache import cache

from accounts.testing import authenticator_for, login_with_second_factor, unused_code
from forms.inboxes import seal_submission
from forms.models import MemberKey, Submission

from .conftest import PASSWORD, signed_in

ADMIN = f"/{settings.ADMIN_PATH}"


class FormValues(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values, self.select = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "submit"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values[name] = attrs.get("value", "on")
            else:
                self.values[name] = attrs.get("value", "")
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and ("selected" in attrs or self.select not in self.values):
            self.values[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def current_form_values(html):
    parser = FormValues()
    parser.feed(html)
    return parser.values


def submit(inbox, **answers):
    return seal_submission(inbox, answers, [], language="fr", programme="emergency", urgency="immediate")


def test_status_page_finds_the_request_by_receipt_code_and_shows_the_staff_message(
    client, inboxes, support_member
):
    submission, receipt = submit(inboxes["support"], situation="x")
    member = signed_in(support_member)
    member.post(f"{ADMIN}/inboxes/support/{submission.pk}/", {"action": "status", "status": "in_review"})
    member.post(
        f"{ADMIN}/inboxes/support/{submission.pk}/",
        {"action": "message", "text": "Nous vous appelons demain."},
    )
    content = client.post("/fr/status/", {"receipt_code": receipt.lower().replace("-", " ")}).content.decode()
    assert submission.reference in content
    assert "Nous vous appelons demain." in content
    submission.refresh_from_db()
    assert submission.status == "in_review"
    assert b"demain" not in bytes(submission.message_to_sender)


def test_wrong_receipt_codes_are_refused_vaguely_and_rate_limited(client, inboxes):
    cache.clear()
    submission, receipt = submit(inboxes["support"], situation="x")
    for _attempt in range(10):
        content = client.post("/en/status/", {"receipt_code": "AAAA-BBBB-CCCC-DDDD-EEEE"}).content.decode()
        assert "We could not find this receipt code" in content
    content = client.post("/en/status/", {"receipt_code": receipt}).content.decode()
    assert "Too many attempts" in content
    assert submission.reference not in content
    cache.clear()


def test_notes_are_sealed_and_the_audit_trail_records_who_opened(inboxes, support_member):
    submission, _receipt = submit(inboxes["support"], situation="x")
    member = signed_in(support_member)
    member.post(
        f"{ADMIN}/inboxes/support/{submission.pk}/", {"action": "note", "text": "Called back, NOTEMARK"}
    )
    note = submission.notes.get()
    assert b"NOTEMARK" not in bytes(note.sealed_text)
    page = member.get(f"{ADMIN}/inboxes/support/{submission.pk}/").content.decode()
    assert "Called back, NOTEMARK" in page
    assert "Opened and read" in page
    assert support_member.username in page


def test_csv_export_defuses_spreadsheet_formulas(inboxes, support_member):
    submit(inboxes["support"], situation='=HYPERLINK("http://evil")', country="+44", safe_contact="@me")
    member = signed_in(support_member)
    code = unused_code(authenticator_for(support_member))
    response = member.post(f"{ADMIN}/inboxes/support/export.csv", {"code": code})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert "'+44" in cells and "'@me" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_list_filters_and_overdue_requests_stand_out(inboxes, support_member):
    from datetime import timedelta

    from django.utils import timezone

    late, _ = submit(inboxes["support"], situation="x")
    Submission.objects.filter(pk=late.pk).update(first_response_due=timezone.now() - timedelta(hours=1))
    fresh, _ = seal_submission(inboxes["support"], {"situation": "y"}, [], language="ar", programme="shelter")
    member = signed_in(support_member)
    overdue = member.get(f"{ADMIN}/inboxes/support/?deadline=overdue").content.decode()
    assert late.reference in overdue and fresh.reference not in overdue
    arabic = member.get(f"{ADMIN}/inboxes/support/?language=ar").content.decode()
    assert fresh.reference in arabic and late.reference not in arabic
    everything = member.get(f"{ADMIN}/inboxes/support/").content.decode()
    rows = {
        reference: row
        for row in re.findall(r"<tr[^>]*>.*?</tr>", everything, re.S)
        for reference in [late.reference, fresh.reference]
        if reference in row
    }
    # The late one stands out in words, not colour alone; the fresh one does not.
    assert 'class="inbox-overdue"' in rows[late.reference] and ">Overdue<" in rows[late.reference]
    assert "inbox-overdue" not in rows[fresh.reference] and ">Overdue<" not in rows[fresh.reference]


def test_changing_the_password_keeps_the_inbox_readable(inboxes, support_member):
    submission, _receipt = submit(inboxes["support"], situation="still readable")
    member = signed_in(support_member)
    new_password = "another long password for the member"
    # The account page saves every panel at once: send back what it shows, plus the new password.
    data = current_form_values(member.get(f"{ADMIN}/account/").content.decode())
    data.update(
        {
            "password-old_password": PASSWORD,
            "password-new_password1": new_password,
            "password-new_password2": new_password,
        }
    )
    response = member.post(f"{ADMIN}/account/", data)
    assert response.status_code == 302, re.findall(
        r"error[^<]{0,200}<[^>]*>[^<]{0,200}", response.content.decode()
    )
    support_member.refresh_from_db()
    assert support_member.check_password(new_password)
    from django.test import Client

    again = login_with_second_factor(Client(), support_member, password=new_password)
    assert "still readable" in again.get(f"{ADMIN}/inboxes/support/{submission.pk}/").content.decode()
    assert MemberKey.objects.filter(user=support_member).count() == 1


def test_a_member_holding_the_key_grants_it_to_a_colleague(inboxes, support_member):
    from .conftest import make_user

    colleague = make_user("new-colleague", ["Support requests"])
    submission, _receipt = submit(inboxes["support"], situation="for the colleague")
    colleague_client = signed_in(colleague)  # their first sign-in creates their member key
    assert (
        "for the colleague"
        not in colleague_client.get(f"{ADMIN}/inboxes/support/{submission.pk}/").content.decode()
    )
    member = signed_in(support_member)
    fingerprint = MemberKey.objects.get(user=colleague).fingerprint
    assert fingerprint in member.get(f"{ADMIN}/inboxes/support/").content.decode()
    response = member.post(
        f"{ADMIN}/inboxes/support/members/", {"user": colleague.pk, "fingerprint": fingerprint}
    )
    assert response.status_code == 302
    assert (
        "for the colleague"
        in colleague_client.get(f"{ADMIN}/inboxes/support/{submission.pk}/").content.decode()
    )
    # A member without the key cannot grant it.
    outsider = make_user("no-key", ["Support requests"])
    signed_in(outsider)
    refused = signed_in(outsider).post(f"{ADMIN}/inboxes/support/members/", {"user": outsider.pk})
    assert refused.status_code == 302 and refused["Location"] == f"{ADMIN}/"


def test_recovery_key_restores_a_member_who_lost_their_password(inboxes, support_member):
    from forms.inboxes import create_inbox, ensure_member_key, recover_access
    from forms.models import Inbox

    Inbox.objects.filter(kind="feedback").delete()
    inbox, recovery = create_inbox("feedback")
    submission, _ = seal_submission(inbox, {"feedback": "recovered text"}, [], language="en")
    MemberKey.objects.filter(user=support_member).delete()  # lost with the password
    recover_access(inbox, recovery, ensure_member_key(support_member, PASSWORD))
    support_member.groups.add(
        *__import__("django.contrib.auth.models", fromlist=["Group"]).Group.objects.filter(name="Feedback")
    )
    member = signed_in(support_member)
    assert "recovered text" in member.get(f"{ADMIN}/inboxes/feedback/{submission.pk}/").content.decode()


def test_support_deadlines_follow_the_urgency_settings(inboxes):
    from forms.models import InboxSettings

    deadlines = InboxSettings.load()
    deadlines.immediate_hours = 6
    deadlines.save()
    submission, _receipt = submit(inboxes["support"], situation="x")  # urgency "immediate"
    assert (submission.first_response_due - submission.created_at).total_seconds() == 6 * 3600
