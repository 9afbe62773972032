"""`db_worker` from django-tasks-db, plus a heartbeat, the recovery of dead workers' tasks, and schedules.

Named like the upstream command on purpose, so that whoever starts "db_worker" (make run, a systemd
unit, the docs of django-tasks-db) gets these too. The upstream worker loop is untouched: a daemon
thread does the maintenance (outbox.workers) every WORKER_HEARTBEAT_SECONDS.
"""

import contextlib
import logging
import threading

from django.db import DatabaseError, connection
from django_tasks_db.management.commands import db_worker as upstream

from outbox.workers import forget, heartbeat_interval, look_after_workers

logger = logging.getLogger("outbox.workers")

# Guard: this relies on the upstream command building a `Worker` with `worker_id` and a `run()` loop.
assert hasattr(upstream, "Worker") and hasattr(upstream.Worker, "run"), "django-tasks-db's worker has changed"
assert hasattr(upstream, "TASKS_LOGGER"), "django-tasks-db's worker has changed"


class MaintainedWorker(upstream.Worker):
    def run(self):
        stop = threading.Event()
        thread = threading.Thread(target=self.maintain, args=(stop,), name="worker-maintenance", daemon=True)
        thread.start()
        try:
            return super().run()
        finally:
            stop.set()
            thread.join(timeout=5)
            with contextlib.suppress(DatabaseError):
                forget(self.worker_id)

    def maintain(self, stop):
        while not stop.is_set():
            try:
                look_after_workers(self.worker_id)
            except DatabaseError:
                logger.exception("worker maintenance failed; trying again")
            finally:
                connection.close()
            stop.wait(heartbeat_interval())


class Command(upstream.Command):
    help = upstream.Command.help + " With a heartbeat, recovery of dead workers' tasks and recurring tasks."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Upstream reloads on code changes whenever DEBUG is on, which runs the worker in a second
        # process under the autoreloader (two workers under `make run`). One worker, unless asked.
        parser.set_defaults(reload=False)

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        if verbosity == 1:
            # Upstream logs two INFO lines per task (RUNNING, SUCCESSFUL), thousands of them while the
            # demo's search index is built, burying what matters. At the default verbosity keep the
            # worker's start and stop and every failure (logged at ERROR); --verbosity 2 shows each task.
            logging.getLogger(upstream.TASKS_LOGGER).setLevel(logging.WARNING)

    def handle(self, *args, **options):
        upstream.Worker, original = MaintainedWorker, upstream.Worker
        try:
            return super().handle(*args, **options)
        finally:
            upstream.Worker = original
