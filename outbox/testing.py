"""For tests: run the outbox's waiting tasks now, in this process, as a worker would."""

from unittest import mock

from django.conf import settings
from django_tasks_db.management.commands import db_worker


def deliver_outbox():
    """Run every task that is ready on the outbox's backend, then return (like `db_worker --batch`).

    The upstream loop closes "old" database connections between tasks, which inside a test's
    transaction would close the test's own connection; here, in one process, there is nothing to renew.
    """
    worker = db_worker.Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=settings.OUTBOX_TASK_BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()
