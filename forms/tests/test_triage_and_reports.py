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


def test_the_list_sorts_by_the_next_deadline_then_by_who_is_in_danger(inboxes, support_member):
    support = inboxes["support"]
    calm = send(support, urgency="not_urgent")
    danger = send(support, urgency="immediate")
    in_review = send(support, urgency="urgent")
    in_review.status = SubmissionStatus.IN_REVIEW  # next deadline: the full answer, weeks away
    in_review.save()
    closed = send(support, urgency="immediate")
    closed.status = SubmissionStatus.CLOSED  # no deadline: last
    closed.save()
    with time_machine.travel(timezone.now() - timedelta(days=20)):
        late = send(support, urgency="not_urgent")
    member = signed_in(support_member)

    def order(query=""):
        html = member.get(f"{ADMIN}/inboxes/support/{query}").content.decode()
        return sorted((html.index(s.reference), s) for s in (calm, danger, in_review, closed, late))

    assert [s for _i, s in order()] == [late, danger, calm, in_review, closed]
    # A column header sorts the other way round, by Wagtail's own ordering parameter.
    assert [s for _i, s in order("?ordering=-created_at")][0] == closed


def test_filters_are_wagtails_own_and_say_what_is_filtered(inboxes, support_member):
    support = inboxes["support"]
    arabic = send(support)
    french = seal_submission(support, {"situation": "x"}, [], language="fr", programme="shelter")[0]
    member = signed_in(support_member)
    html = member.get(f"{ADMIN}/inboxes/support/?language=fr").content.decode()
    assert references_listed(html) == {french.reference}
    # Wagtail's filter drill-down, with each language by name, and the removable "active filter" pill.
    drilldown = html.split('id="filters-drilldown"', 1)[1]
    assert '<option value="fr" selected>French</option>' in drilldown
    pills = html.split('class="w-active-filters"', 1)[1].split("</ul>", 1)[0]
    assert re.search(r"Language:\s*</span>\s*<b[^>]*>French</b>", pills)
    results = member.get(f"{ADMIN}/inboxes/support/results/?language=ar").content.decode()
    assert references_listed(results) == {arabic.reference}
    assert "<html" not in results  # the fragment Wagtail swaps in without reloading the page


def test_bulk_actions_set_status_and_assign_with_one_audit_entry_each(inboxes, support_member):
    support = inboxes["support"]
    first, second, untouched = send(support), send(support), send(support)
    member = signed_in(support_member)
    listing = member.get(f"{ADMIN}/inboxes/support/").content.decode()
    assert "data-bulk-action-checkbox" in listing and "Set status" in listing and "Assign" in listing
    ids = f"id={first.pk}&id={second.pk}"
    url = f"{ADMIN}/bulk/forms/submission/set_status/?{ids}&next={ADMIN}/inboxes/support/"
    confirm = member.get(url).content.decode()
    assert first.reference in confirm and second.reference in confirm and untouched.reference not in confirm
    response = member.post(url, {"status": "in_review"}, follow=True)
    assert "The status of 2 requests was changed." in response.content.decode()
    url = f"{ADMIN}/bulk/forms/submission/assign/?{ids}&next={ADMIN}/inboxes/support/"
    member.post(url, {"assignee": support_member.pk})
    for submission in (first, second):
        submission.refresh_from_db()
        assert submission.status == "in_review" and submission.assignee == support_member
        actions = ModelLogEntry.objects.for_instance(submission).values_list("action", flat=True)
        assert sorted(actions) == ["inbox.assign", "inbox.status"]
    untouched.refresh_from_db()
    assert untouched.status == "received" and untouched.assignee is None
    # The same status again changes nothing and logs nothing.
    member.post(f"{ADMIN}/bulk/forms/submission/set_status/?id={first.pk}", {"status": "in_review"})
    assert ModelLogEntry.objects.for_instance(first).filter(action="inbox.status").count() == 1


def test_bulk_actions_refuse_requests_of_an_inbox_whose_key_the_member_lacks(inboxes, complaints_member):
    request = send(inboxes["support"])
    member = signed_in(complaints_member)
    url = f"{ADMIN}/bulk/forms/submission/set_status/?id={request.pk}&id=not-an-id"
    page = member.get(url)
    assert page.status_code == 200 and "left as it is" in page.content.decode()
    member.post(url, {"status": "closed"})
    request.refresh_from_db()
    assert request.status == "received"
    assert not ModelLogEntry.objects.for_instance(request).exists()


def test_the_list_shrugs_off_nonsense_in_its_address(inboxes, support_member):
    listed = send(inboxes["support"])
    member = signed_in(support_member)
    for query in [
        "?status=nonsense&language=xx&held=maybe",
        "?ordering=-sealed_answers",  # not a column: the default order, never a sort on sealed data
        "?ordering=;DROP TABLE forms_submission",
        "?p=999999",
        "?p=-1&deadline=" + "x" * 5000,
    ]:
        response = member.get(f"{ADMIN}/inboxes/support/{query}")
        assert response.status_code == 200, query
    ids = "&".join(f"id={n}" for n in range(900))  # Django refuses over 1,000 fields (400)
    page = member.get(f"{ADMIN}/bulk/forms/submission/set_status/?{ids}&id={listed.pk}")
    assert page.status_code == 200 and listed.reference in page.content.decode()
