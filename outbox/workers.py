"""What django-tasks-db leaves to us: noticing a dead worker, and running recurring tasks.

django-tasks-db neither retries nor recovers a task whose worker died mid-run (it stays RUNNING
forever), and has no scheduler. Every worker here beats a heartbeat; any worker hands the tasks of a
worker whose heartbeat stopped back to the queue, and queues the recurring tasks of
settings.PERIODIC_TASKS when they are due, under a row lock so that two workers never queue one twice.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from .models import PeriodicJob, WorkerHeartbeat

logger = logging.getLogger(__name__)


def heartbeat_interval():
    return getattr(settings, "WORKER_HEARTBEAT_SECONDS", 30)


def dead_after():
    """A worker silent for this long is taken for dead (several missed beats, not one slow one)."""
    return timedelta(seconds=getattr(settings, "WORKER_DEAD_AFTER_SECONDS", 4 * heartbeat_interval()))


def beat(worker_id, now=None):
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": now or timezone.now()})


def a_worker_is_alive(now=None):
    """Whether some worker beat its heartbeat within dead_after() (a health check: see website.health)."""
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(seen_at__gte=now - dead_after()).exists()


def forget(worker_id):
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def requeue_tasks_of_dead_workers(now=None):
    """Put back in the queue every task still RUNNING on a worker that stopped beating. Returns how many.

    A task is handed back once its worker is silent: if that worker had in fact finished the work
    (a mail accepted by the server just before the crash), the task runs twice, so tasks here are
    written to be safe to run twice (see outbox.mail.deliver_mail).
    """
    now = now or timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=now - dead_after()).values_list("worker_id", flat=True)
    )
    requeued = 0
    with transaction.atomic():
        stalled = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status="RUNNING", started_at__lt=now - dead_after()
        )
        for result in stalled:
            last_worker = result.worker_ids[-1] if result.worker_ids else None
            if last_worker in alive:
                continue
            result.status = "READY"
            result.started_at = None
            result.run_after = now
            result.save(update_fields=["status", "started_at", "run_after"])
            requeued += 1
    if requeued:
        logger.warning("worker: %s task(s) of stopped workers queued again", requeued)
    WorkerHeartbeat.objects.filter(seen_at__lt=now - 10 * dead_after()).delete()
    return requeued


def queue_due_periodic_tasks(now=None):
    """Queue each recurring task whose interval has passed since it was last queued. Returns their names."""
    now = now or timezone.now()
    queued = []
    for path, seconds in getattr(settings, "PERIODIC_TASKS", {}).items():
        with transaction.atomic():
            job, created = PeriodicJob.objects.select_for_update().get_or_create(
                name=path, defaults={"last_queued_at": now}
            )
            if not created and now - job.last_queued_at < timedelta(seconds=seconds):
                continue
            import_string(path).enqueue()
            job.last_queued_at = now
            job.save(update_fields=["last_queued_at"])
            queued.append(path)
    return queued


def look_after_workers(worker_id):
    """One round of the maintenance a worker does beside its tasks."""
    beat(worker_id)
    requeue_tasks_of_dead_workers()
    queue_due_periodic_tasks()
