"""The accounts' recurring clean-up, run by `db_worker` (PERIODIC_TASKS)."""

import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from .models import AccountGuesses
from .sessions import delete_ended_sessions
from .signin import failure_memory

logger = logging.getLogger(__name__)


@task(backend=settings.OUTBOX_TASK_BACKEND)
def purge_ended_sessions():
    """Delete expired session rows, and failed-sign-in counts old enough to be forgotten."""
    now = timezone.now()
    sessions = delete_ended_sessions(now)
    forgotten = now - failure_memory()
    AccountGuesses.objects.filter(Q(last_failure_at__isnull=True) | Q(last_failure_at__lt=forgotten)).filter(
        Q(owner_told_at__isnull=True) | Q(owner_told_at__lt=forgotten)
    ).delete()
    if sessions:
        logger.info("sessions: %s ended session(s) deleted", sessions)
    return sessions
