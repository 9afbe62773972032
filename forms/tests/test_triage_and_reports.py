"""A member's first screen says what needs a person now; the Secretariat's reports count, never read."""

import csv
import io
import re
from datetime import timedelta

import time_machine
from django.conf import settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from forms.inboxes import seal_submission
from forms.models import Submission, SubmissionStatus

from .conftest import make_user, signed_in

ADMIN = f"/{settings.ADMIN_PATH}"


def send(inbox, urgency="urgent", **extra):
    submission, _receipt = seal_submission(
        inbox,
        {"situation": "MARKER-never-in-a-report"},
        [],
        language="ar",
        programme="emergency",
        urgency=urgency,
        **extra,
    )
    return submission


def references_listed(html):
    return set(re.findall(r"\b(?:SR|CO|FB)-[0-9A-Z]{4}-[0-9A-Z]{4}\b", html))


def dashboard_counts(html, kind):
    """(label, number, link) of each count in one inbox's dashboard panel."""
    panel = html.split(f'data-inbox="{kind}"', 1)[1].split("</ul>", 1)[0]
    found = re.findall(
        r'<a href="([^"]+)">\s*<span class="inbox-triage__number">(\d+)</span>\s*'
        r'<span class="inbox-triage__label">([^<]+)</span>',
        panel,
    )
    return [(label, int(number), url.replace("&amp;", "&")) for url, number, label in found]


def test_the_dashboard_counts_what_needs_a_person_and_each_count_lists_exactly_those(inboxes, support_member):
    support = inboxes["support"]
    new_calm = send(support, urgency="not_urgent")
    in_danger = send(support, urgency="immediate")
    held = send(support, urgency="immediate", quarantine_reasons=["too_fast"])
    answered = send(support)
    answered.status = SubmissionStatus.ANSWERED
    answered.save()
    with time_machine.travel(timezone.now() - timedelta(days=20)):
        overdue = send(support)
    with time_machine.travel(timezone.now() - timedelta(hours=70)):
        due_soon = send(support, urgency="urgent")  # first contact within 72 hours: due in about 2 hours

    member = signed_in(support_member)
    home = member.get(f"{ADMIN}/").content.decode()
    counts = dashboard_counts(home, "support")
    by_label = {label: (number, url) for label, number, url in counts}
    assert set(by_label) == {
        "New",
        "In danger now, not yet answered",
        "Held for review",
        "Overdue",
        "Due within three days",
    }
    expected = {
        "New": {new_calm, in_danger, overdue, due_soon},
        "In danger now, not yet answered": {in_danger, held},
        "Held for review": {held},
        "Overdue": {overdue},
        # "In danger now" is due within 24 hours, held or not.
        "Due within three days": {due_soon, in_danger, held},
    }
    for label, submissions in expected.items():
        number, url = by_label[label]
        assert number == len(submissions), label
        listed = references_listed(member.get(url).content.decode())
        assert listed == {s.reference for s in submissions}, label
    assert "Needs a person now" in home


def test_a_member_of_no_inbox_sees_no_inbox_panel(inboxes, demo_site):
    editor = make_user("an-editor", ["Editors"])
    home = signed_in(editor).get(f"{ADMIN}/").content.decode()
    assert "inbox-triage" not in home


def test_the_list_puts_what_is_due_first(inboxes, support_member):
    support = inboxes["support"]
    calm = send(support, urgency="not_urgent")
    danger = send(support, urgency="immediate")
    urgent = send(support, urgency="urgent")
    html = signed_in(support_member).get(f"{ADMIN}/inboxes/support/").content.decode()
    order = [html.index(s.reference) for s in (danger, urgent, calm)]
    assert order == sorted(order)


def test_one_opened_entry_per_visit_however_many_actions(inboxes, support_member):
    submission = send(inboxes["support"])
    member = signed_in(support_member)
    url = f"{ADMIN}/inboxes/support/{submission.pk}/"
    member.get(url)
    for status in ("in_review", "answered"):
        member.post(url, {"action": "status", "status": status}, follow=True)
    member.post(url, {"action": "note", "text": "called back"}, follow=True)
    actions = list(
        ModelLogEntry.objects.for_instance(submission).order_by("timestamp").values_list("action", flat=True)
    )
    assert actions == ["inbox.open", "inbox.status", "inbox.status", "inbox.note"]
    member.get(f"{ADMIN}/inboxes/support/")  # back to the list: the next opening is a new visit
    member.get(url)
    assert ModelLogEntry.objects.for_instance(submission).filter(action="inbox.open").count() == 2


def test_reports_count_answers_within_the_promises_and_never_show_content(inboxes, support_member):
    support = inboxes["support"]
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=40)):
        quick = send(support)
        slow = send(support)
        never = send(support)
    for submission, days_later in ((quick, 2), (slow, 20)):
        # Sessions end after two idle hours: the member signs in on the day they answer.
        with time_machine.travel(submission.created_at + timedelta(days=days_later)):
            answered = signed_in(support_member).post(
                f"{ADMIN}/inboxes/support/{submission.pk}/", {"action": "status", "status": "answered"}
            )
            assert answered.status_code == 302 and "/login/" not in answered["Location"]
    member = signed_in(support_member)
    page = member.get(f"{ADMIN}/inbox-reports/?inbox=support")
    assert page.status_code == 200
    month = timezone.localtime(quick.created_at).strftime("%Y-%m")
    rows = {
        row[1]: row
        for row in csv.reader(
            io.StringIO(member.get(f"{ADMIN}/inbox-reports/figures.csv?inbox=support").content.decode())
        )
    }
    # received, answered within 15 days, within 30 days, overdue now, median days
    assert rows[month][2:] == ["3", "1", "2", "1", "11.0"]
    chart = member.get(f"{ADMIN}/inbox-reports/chart.svg?inbox=support")
    assert chart["Content-Type"].startswith("image/svg+xml")
    body = chart.content.decode()
    assert "<script" not in body and "http://" not in body.replace("http://www.w3.org", "")
    for response in (page, chart):
        assert b"MARKER-never-in-a-report" not in response.content
    assert never.status == SubmissionStatus.RECEIVED
    assert Submission.objects.filter(pk=never.pk).overdue().exists()


def test_reports_are_only_for_inbox_members(inboxes, demo_site):
    editor = make_user("another-editor", ["Editors"])
    assert signed_in(editor).get(f"{ADMIN}/inbox-reports/").status_code in (302, 403)
