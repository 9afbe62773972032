"""The mail that follows a request: the sender's acknowledgement and the members' notifications."""

import pytest
from django.core.cache import cache
from wagtail.users.models import UserProfile

from forms.models import Submission
from outbox.testing import deliver_outbox

from .senders import as_a_person
from .test_submissions import MARKER, receipt_and_reference, support_data


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def send_support(client, language, **overrides):
    response = client.post(
        f"/{language}/request-support/", as_a_person("request-support", support_data(**overrides))
    )
    reference, receipt = receipt_and_reference(response.content.decode())
    return Submission.objects.get(reference=reference), receipt


def parts(message):
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "We have received your message"), ("fr", '<html lang="fr"'), ("ar", 'dir="rtl"')],
)
def test_the_acknowledgement_is_in_the_senders_language_and_never_carries_the_content(
    client, inboxes, smtp_server, language, words
):
    submission, receipt = send_support(client, language)
    deliver_outbox()
    [ack] = [m for m in smtp_server.messages if m["To"] == f"{MARKER.lower()}@example.org"]
    text, html = parts(ack)
    assert (
        submission.reference in ack["Subject"]
        and submission.reference in text
        and submission.reference in html
    )
    assert words in text + html
    whole = ack.as_string()
    assert MARKER not in whole.replace(MARKER.lower(), "")  # the address it goes to, and nothing written
    assert receipt not in whole and receipt.replace("-", "") not in whole
    assert "Auto-Submitted" not in ack
    assert submission.first_response_due.strftime("%Y") in text  # the due dates


def test_no_acknowledgement_unless_asked_for(client, inboxes, smtp_server):
    send_support(client, "en", wants_acknowledgement="")
    deliver_outbox()
    assert [m["To"] for m in smtp_server.messages] == ["support-member@example.org"]


def test_the_members_are_told_in_their_own_language_with_a_link_and_no_content(
    client, inboxes, smtp_server, support_member, complaints_member
):
    profile = UserProfile.get_for_user(support_member)
    profile.preferred_language = "es"
    profile.save()
    submission, _receipt = send_support(client, "ar", urgency="immediate")
    deliver_outbox()
    notices = [m for m in smtp_server.messages if m["To"] == "support-member@example.org"]
    assert len(notices) == 1  # the complaints member holds no key to this inbox: not told
    text, html = parts(notices[0])
    assert submission.reference in notices[0]["Subject"]
    assert f"/inboxes/support/{submission.pk}/" in text and f"/inboxes/support/{submission.pk}/" in html
    assert '<html lang="es"' in html
    assert MARKER not in notices[0].as_string()
    assert not [m for m in smtp_server.messages if m["To"] == "head-of-secretariat@example.org"]


def test_each_mail_subject_is_translated_in_every_language(client, inboxes, smtp_server):
    subjects = {}
    for language in ["en", "fr", "es", "ru", "ar", "fa", "pt"]:
        submission, _receipt = send_support(client, language)
        deliver_outbox()
        [ack] = [
            m
            for m in smtp_server.messages
            if submission.reference in m["Subject"] and "member" not in m["To"]
        ]
        subjects[language] = ack["Subject"].replace(submission.reference, "")
    assert len(set(subjects.values())) == 7, subjects


@pytest.mark.parametrize(("admin_language", "expected"), [("fr", "fr"), ("", "en")])
def test_a_member_is_told_in_their_admin_language_or_the_sites_never_the_senders(
    client, inboxes, smtp_server, support_member, admin_language, expected
):
    profile = UserProfile.get_for_user(support_member)
    profile.preferred_language = admin_language
    profile.save()
    send_support(client, "ar", urgency="immediate")
    deliver_outbox()
    [notice] = [m for m in smtp_server.messages if m["To"] == "support-member@example.org"]
    _text, html = parts(notice)
    assert f'<html lang="{expected}"' in html
    assert 'lang="ar"' not in html
