"""Mail waiting to be sent, and what the workers need to keep each other honest."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    DROPPED = "dropped", _("Not delivered")


class OutgoingMail(models.Model):
    """One message in the outbox. What it says and to whom is sealed, and wiped once it is sent or dropped.

    `about` ties the mail to what it is about (e.g. "submission:<uuid>") so the inbox can show whether
    an acknowledgement or a notification went out, without reading the message.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    purpose = models.CharField(_("purpose"), max_length=40)
    about = models.CharField(max_length=80, blank=True, db_index=True)
    sealed_message = models.BinaryField(blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    # The class of the last error only: an SMTP server's message may quote the address.
    last_error = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.purpose} ({self.get_status_display()})"


class WorkerHeartbeat(models.Model):
    """Each running worker says it is alive; a task whose worker stopped saying so is run again."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return self.worker_id


class PeriodicJob(models.Model):
    """When a recurring task (see settings.PERIODIC_TASKS) was last queued, shared by every worker."""

    name = models.CharField(max_length=200, primary_key=True)
    last_queued_at = models.DateTimeField()

    def __str__(self):
        return self.name
