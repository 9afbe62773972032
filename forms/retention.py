"""Keeping requests no longer than needed: the daily purge, and erasure of one request on demand."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from wagtail.log_actions import log

from outbox.models import OutgoingMail

from .conversation import erase_conversation_files
from .models import Inbox, RetentionSettings, Submission, SubmissionStatus
from .notifications import about

logger = logging.getLogger(__name__)


def erase_submission(submission):
    """Delete one request and everything derived from it: answers, files, notes, mail records.

    What remains is a log entry on the inbox that says a request was deleted, with no content.
    """
    with transaction.atomic():
        for sealed_file in submission.files.all():
            sealed_file.delete()  # removes the sealed blob from storage too
        erase_conversation_files(submission)
        OutgoingMail.objects.filter(about=about(submission)).delete()
        # The request's own history goes with it; its notes and files cascade.
        from wagtail.models import ModelLogEntry

        ModelLogEntry.objects.for_instance(submission).delete()
        submission.delete()


def expired_submissions(now=None):
    now = now or timezone.now()
    retention = RetentionSettings.load()
    expired = []
    candidates = Submission.objects.select_related("inbox").filter(
        ~Q(quarantine_reasons="") | Q(status=SubmissionStatus.CLOSED)
    )
    for submission in candidates.iterator():
        deletion = submission.deletion_date(retention)
        if deletion is not None and deletion <= now:
            expired.append(submission)
    return expired


@task(backend=settings.OUTBOX_TASK_BACKEND)
def purge_expired_submissions():
    """Daily: delete each request past its inbox's retention period. Returns how many, by inbox."""
    counts = {}
    for submission in expired_submissions():
        kind = submission.inbox.kind
        erase_submission(submission)
        counts[kind] = counts.get(kind, 0) + 1
    for inbox in Inbox.objects.filter(kind__in=counts):
        log(instance=inbox, action="inbox.purge", data={"count": counts[inbox.kind]})
    if counts:
        logger.info("retention: deleted %s", counts)
    return counts
