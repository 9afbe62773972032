"""Deleting what the newsletter no longer needs to keep. Run daily by the worker (see tasks.py)."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import ModelLogEntry

from .models import NewsletterSettings, Subscriber, SubscriberStatus

# A signup nobody confirmed (or staff did not release) is forgotten after this long.
UNCONFIRMED_KEPT_FOR = timedelta(days=30)
BATCH = 500
WAITING = [SubscriberStatus.PENDING, SubscriberStatus.QUARANTINED]


def purge_unsubscribed(now=None):
    """Delete unsubscribed addresses whose retention period is over, and signups never confirmed.

    Returns the number of addresses deleted. A former subscriber who asked again but never confirmed
    goes back to "unsubscribed", keeping the rest of their retention period.
    """
    now = now or timezone.now()
    retention = timedelta(days=NewsletterSettings.load().retention_days)
    stale_request = Q(status__in=WAITING, consented_at__lt=now - UNCONFIRMED_KEPT_FOR)
    with transaction.atomic():
        returning = Subscriber.objects.filter(stale_request, unsubscribed_at__isnull=False)
        Subscriber.topics.through.objects.filter(subscriber__in=returning).delete()
        returning.update(status=SubscriberStatus.UNSUBSCRIBED, quarantine_reasons="")
        expired = Subscriber.objects.exclude(status=SubscriberStatus.SUBSCRIBED).filter(
            Q(unsubscribed_at__lt=now - retention) | (stale_request & Q(unsubscribed_at__isnull=True))
        )
        ids = list(expired.values_list("pk", flat=True))
        content_type = ContentType.objects.get_for_model(Subscriber)
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            # The admin's log of these records goes with them.
            ModelLogEntry.objects.filter(
                content_type=content_type, object_id__in=[str(pk) for pk in batch]
            ).delete()
            Subscriber.objects.filter(pk__in=batch).delete()
    return len(ids)
