"""The outbox: mail is stored in the transaction that causes it, and sent only by a worker.

A request never talks to a mail server. `queue_mail` writes the mail and the task that sends it in
the caller's transaction, so either both the record (a submission, a signup) and its mail exist, or
neither does. `deliver_mail` runs in `db_worker`: a failed send is tried again with growing delays for
MAIL_GIVE_UP_AFTER (14 days, as GlobaLeaks does), then dropped, and the sender's record shows it.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import MailStatus, OutgoingMail
from .sealing import open_message, seal_message

logger = logging.getLogger(__name__)

# Delays between attempts; the last one repeats until the mail is given up.
RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
    timedelta(hours=12),
]
MAIL_GIVE_UP_AFTER = timedelta(days=14)


def retry_delay(attempts):
    return RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]


def queue_mail(*, to, subject, text, html=None, headers=None, purpose, about=""):
    """Store one mail and the task that sends it, in the caller's transaction. Returns the OutgoingMail."""
    message = {"to": to, "subject": subject, "text": text, "html": html, "headers": headers or {}}
    with transaction.atomic():
        mail = OutgoingMail.objects.create(
            purpose=purpose, about=about, sealed_message=seal_message(message), next_attempt_at=timezone.now()
        )
        deliver_mail.enqueue(str(mail.pk))
    return mail


def build_message(message):
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["text"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message["to"]],
        headers=message["headers"],
    )
    if message["html"]:
        email.attach_alternative(message["html"], "text/html")
    return email


def give_up(mail, now):
    mail.status = MailStatus.DROPPED
    mail.sealed_message = b""
    mail.finished_at = now
    mail.next_attempt_at = None
    mail.save(update_fields=["status", "sealed_message", "finished_at", "next_attempt_at"])
    logger.warning("outbox: %s mail %s not delivered after %s attempts", mail.purpose, mail.pk, mail.attempts)


@task(backend=settings.OUTBOX_TASK_BACKEND)
def deliver_mail(mail_id):
    """Send one mail, or plan the next attempt. Safe to run twice: a sent mail is never sent again."""
    with transaction.atomic():
        # The row lock makes a second worker running the same mail wait, then see it was sent.
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status != MailStatus.PENDING:
            return "nothing to do"
        now = timezone.now()
        if now - mail.created_at > MAIL_GIVE_UP_AFTER:
            give_up(mail, now)
            return "dropped"
        try:
            message = build_message(open_message(mail.sealed_message))
            message.send()
        except Exception as error:  # noqa: BLE001 - any failure to send is retried, never lost
            mail.attempts += 1
            mail.last_error = type(error).__name__[:120]
            retry_at = now + retry_delay(mail.attempts)
            if retry_at - mail.created_at > MAIL_GIVE_UP_AFTER:
                give_up(mail, now)
                return "dropped"
            mail.next_attempt_at = retry_at
            mail.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            # One line per failed attempt; never the address or any of the content.
            logger.warning(
                "outbox: %s mail %s not sent (%s), attempt %s; next attempt at %s",
                mail.purpose,
                mail.pk,
                mail.last_error,
                mail.attempts,
                timezone.localtime(retry_at).isoformat(timespec="minutes"),
            )
            deliver_mail.using(run_after=retry_at).enqueue(str(mail.pk))
            return "retry planned"
        mail.attempts += 1
        mail.status = MailStatus.SENT
        mail.sealed_message = b""
        mail.finished_at = now
        mail.next_attempt_at = None
        mail.last_error = ""
        mail.save(
            update_fields=[
                "attempts",
                "status",
                "sealed_message",
                "finished_at",
                "next_attempt_at",
                "last_error",
            ]
        )
        logger.info("outbox: %s mail %s sent", mail.purpose, mail.pk)
        return "sent"


def has_waiting_task(mail):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=deliver_mail.module_path,
        status__in=["READY", "RUNNING"],
        args_kwargs__args=[str(mail.pk)],
    ).exists()


@task(backend=settings.OUTBOX_TASK_BACKEND)
def requeue_waiting_mail():
    """Daily safety net: a pending mail with no task left to send it (a lost task row) gets one again,
    and one older than MAIL_GIVE_UP_AFTER is dropped."""
    now = timezone.now()
    requeued = dropped = 0
    for mail in OutgoingMail.objects.filter(
        status=MailStatus.PENDING, next_attempt_at__lt=now - timedelta(hours=1)
    ):
        if now - mail.created_at > MAIL_GIVE_UP_AFTER:
            with transaction.atomic():
                give_up(mail, now)
            dropped += 1
        elif not has_waiting_task(mail):
            deliver_mail.enqueue(str(mail.pk))
            requeued += 1
    return {"requeued": requeued, "dropped": dropped}
