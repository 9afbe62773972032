"""The outbox keeps mail until a real SMTP server has it, and never leaves its content readable."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.mail import deliver_mail, queue_mail, requeue_waiting_mail
from outbox.models import MailStatus, OutgoingMail, PeriodicJob
from outbox.testing import deliver_outbox
from outbox.workers import beat, queue_due_periodic_tasks, requeue_tasks_of_dead_workers

pytestmark = pytest.mark.django_db


def queue_test_mail(**overrides):
    fields = {
        "to": "defender@example.org",
        "subject": "Reference SR-ABCD-EFGH",
        "text": "We received your request.",
        "html": "<p>We received your request.</p>",
        "purpose": "test",
        "about": "test:1",
    } | overrides
    return queue_mail(**fields)


def test_a_queued_mail_is_sent_by_the_worker_with_text_and_html(smtp_server):
    mail = queue_test_mail(headers={"X-Reference": "SR-ABCD-EFGH"})
    assert smtp_server.messages == []  # nothing is sent from the request itself
    deliver_outbox()
    [message] = smtp_server.messages
    assert message["To"] == "defender@example.org"
    assert message["Subject"] == "Reference SR-ABCD-EFGH"
    assert message["X-Reference"] == "SR-ABCD-EFGH"
    assert message.get_body(("plain",)).get_content().strip() == "We received your request."
    assert "<p>We received your request.</p>" in message.get_body(("html",)).get_content()
    # Helpdesk tools drop auto-submitted mail: ours must reach a person.
    assert "Auto-Submitted" not in message
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT
    assert bytes(mail.sealed_message) == b""


def test_the_waiting_mail_is_unreadable_in_the_database():
    mail = queue_test_mail()
    stored = bytes(OutgoingMail.objects.get(pk=mail.pk).sealed_message)
    assert b"defender@example.org" not in stored
    assert b"received your request" not in stored
    task = DBTaskResult.objects.get(task_path=deliver_mail.module_path)
    assert "defender@example.org" not in str(task.args_kwargs)


def test_a_failed_send_is_retried_later_and_delivered_exactly_once(smtp_server):
    smtp_server.stop()
    mail = queue_test_mail()
    deliver_outbox()
    mail.refresh_from_db()
    assert mail.status == MailStatus.PENDING
    assert mail.attempts == 1
    assert mail.last_error  # the class of the error, for the inbox to show
    smtp_server.start()
    deliver_outbox()  # the retry is not due yet
    assert smtp_server.messages == []
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        deliver_outbox()
        deliver_outbox()
    assert len(smtp_server.messages) == 1
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT


def test_retries_go_on_for_more_than_three_days_then_the_mail_is_dropped_after_fourteen(smtp_server):
    smtp_server.stop()
    mail = queue_test_mail()
    start = timezone.now()
    attempts_by_day_3 = None
    with time_machine.travel(start, tick=False) as clock:
        for _hour in range(15 * 24):
            clock.shift(timedelta(hours=1))
            deliver_outbox()
            mail.refresh_from_db()
            if timezone.now() - start >= timedelta(days=3, hours=1) and attempts_by_day_3 is None:
                attempts_by_day_3 = mail.attempts
                assert mail.status == MailStatus.PENDING
            if mail.status != MailStatus.PENDING:
                break
    assert attempts_by_day_3 >= 8
    assert mail.status == MailStatus.DROPPED
    assert timedelta(days=13) < mail.finished_at - start <= timedelta(days=14, hours=1)
    assert bytes(mail.sealed_message) == b""


def test_a_task_left_running_by_a_dead_worker_is_queued_again(smtp_server):
    queue_test_mail()
    task = DBTaskResult.objects.get(task_path=deliver_mail.module_path)
    task.claim("worker-that-died")  # as a worker does before it is killed mid-send
    beat("worker-that-died", now=timezone.now() - timedelta(hours=1))
    beat("worker-alive")
    deliver_outbox()
    assert smtp_server.messages == []  # upstream never picks up a RUNNING task by itself
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert requeue_tasks_of_dead_workers() == 1
        deliver_outbox()
    assert len(smtp_server.messages) == 1


def test_a_task_of_a_live_worker_is_left_alone():
    queue_test_mail()
    task = DBTaskResult.objects.get(task_path=deliver_mail.module_path)
    task.claim("busy-worker")
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        beat("busy-worker")
        assert requeue_tasks_of_dead_workers() == 0


def test_recurring_tasks_are_queued_once_per_interval(settings):
    settings.PERIODIC_TASKS = {"outbox.mail.requeue_waiting_mail": 3600}
    path = requeue_waiting_mail.module_path
    assert queue_due_periodic_tasks() == [path]
    assert queue_due_periodic_tasks() == []  # a second worker in the same hour queues nothing
    with time_machine.travel(timezone.now() + timedelta(hours=1, seconds=1)):
        assert queue_due_periodic_tasks() == [path]
    assert PeriodicJob.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path=path).count() == 2


def test_a_pending_mail_whose_task_row_was_lost_is_queued_again(smtp_server):
    mail = queue_test_mail()
    DBTaskResult.objects.filter(task_path=deliver_mail.module_path).delete()
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert requeue_waiting_mail.call() == {"requeued": 1, "dropped": 0}
        assert requeue_waiting_mail.call() == {"requeued": 0, "dropped": 0}  # its task is waiting now
        deliver_outbox()
    assert len(smtp_server.messages) == 1
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT
