"""Requests are kept no longer than their inbox's retention period, and erased at once on request."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import ModelLogEntry

from forms.models import RetentionSettings, SealedFile, Submission, SubmissionStatus
from forms.retention import erase_submission, purge_expired_submissions
from outbox.models import OutgoingMail

from .senders import as_a_person
from .test_submissions import receipt_and_reference, support_data


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def send(client, slug, data, files=()):
    payload = as_a_person(slug, data)
    if files:
        payload["files"] = list(files)
    response = client.post(f"/en/{slug}/", payload)
    reference, _receipt = receipt_and_reference(response.content.decode())
    return Submission.objects.get(reference=reference)


def closed(submission, days_ago):
    submission.status = SubmissionStatus.CLOSED
    submission.closed_at = timezone.now() - timedelta(days=days_ago)
    submission.save()
    return submission


def test_each_inbox_keeps_closed_requests_for_its_own_period(client, inboxes):
    support_old = closed(send(client, "request-support", support_data()), days_ago=366)
    support_recent = closed(send(client, "request-support", support_data()), days_ago=300)
    support_open = send(client, "request-support", support_data())
    support_open.created_at = timezone.now() - timedelta(days=900)
    support_open.save()
    feedback_old = closed(send(client, "feedback", {"sentiment": "positive", "feedback": "Thanks"}), 181)
    feedback_recent = closed(send(client, "feedback", {"sentiment": "positive", "feedback": "Thanks"}), 100)

    counts = purge_expired_submissions.call()

    assert counts == {"support": 1, "feedback": 1}
    remaining = set(Submission.objects.values_list("pk", flat=True))
    assert support_old.pk not in remaining and feedback_old.pk not in remaining
    assert {support_recent.pk, support_open.pk, feedback_recent.pk} <= remaining


def test_quarantine_is_emptied_after_thirty_days(client, inboxes):
    held = client.post("/en/request-support/", support_data())  # no time token: held for review
    reference, _receipt = receipt_and_reference(held.content.decode())
    submission = Submission.objects.get(reference=reference)
    assert submission.is_quarantined
    assert submission.deletion_date().date() == (submission.created_at + timedelta(days=30)).date()
    with time_machine.travel(timezone.now() + timedelta(days=29)):
        assert purge_expired_submissions.call() == {}
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert purge_expired_submissions.call() == {"support": 1}
    assert not Submission.objects.filter(pk=submission.pk).exists()


def test_the_periods_are_a_site_setting(client, inboxes):
    settings_ = RetentionSettings.load()
    assert (
        settings_.support_days,
        settings_.complaint_days,
        settings_.feedback_days,
        settings_.quarantine_days,
    ) == (
        365,
        365,
        180,
        30,
    )
    settings_.support_days = 10
    settings_.save()
    closed(send(client, "request-support", support_data()), days_ago=11)
    assert purge_expired_submissions.call() == {"support": 1}


def image_upload():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile("evidence.png", buffer.getvalue(), content_type="image/png")


def test_the_purge_deletes_files_notes_and_mail_and_logs_without_content(client, inboxes):
    submission = send(client, "request-support", support_data(), files=[image_upload()])
    from forms.inboxes import add_note

    add_note(submission, None, "internal note")
    blob_names = [sealed.blob.name for sealed in submission.files.all()]
    storage = SealedFile._meta.get_field("blob").storage
    assert blob_names and all(storage.exists(name) for name in blob_names)
    assert OutgoingMail.objects.filter(about=f"submission:{submission.pk}").exists()
    closed(submission, days_ago=400)

    purge_expired_submissions.call()

    assert not any(storage.exists(name) for name in blob_names)
    assert not OutgoingMail.objects.filter(about=f"submission:{submission.pk}").exists()
    entry = ModelLogEntry.objects.filter(action="inbox.purge").latest("timestamp")
    assert entry.data == {"count": 1}
    assert submission.reference not in str(entry.data)


def test_erasure_deletes_one_request_and_everything_derived_from_it_at_once(client, inboxes):
    submission = send(client, "request-support", support_data(), files=[image_upload()])
    other = send(client, "request-support", support_data())
    blob_names = [sealed.blob.name for sealed in submission.files.all()]
    storage = SealedFile._meta.get_field("blob").storage

    erase_submission(submission)

    assert not Submission.objects.filter(pk=submission.pk).exists()
    assert not any(storage.exists(name) for name in blob_names)
    assert not OutgoingMail.objects.filter(about=f"submission:{submission.pk}").exists()
    assert Submission.objects.filter(pk=other.pk).exists()
