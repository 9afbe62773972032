"""Unsubscribed addresses are deleted after the record period set in the settings; unconfirmed ones sooner."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry

from newsletter.models import NewsletterSettings, Subscriber, SubscriberStatus
from newsletter.retention import purge_unsubscribed
from newsletter.tasks import purge_newsletter_records

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def add(email, status, consented_days_ago=400, unsubscribed_days_ago=None):
    return Subscriber.objects.create(
        email=email,
        email_key=email,
        language="en",
        status=status,
        consented_at=NOW - timedelta(days=consented_days_ago),
        confirmed_at=NOW - timedelta(days=consented_days_ago) if status != SubscriberStatus.PENDING else None,
        unsubscribed_at=None
        if unsubscribed_days_ago is None
        else NOW - timedelta(days=unsubscribed_days_ago),
    )


def remaining():
    return dict(Subscriber.objects.values_list("email", "status"))


def test_records_are_kept_for_the_period_in_the_settings_then_deleted(demo_site):
    settings = NewsletterSettings.load()
    assert settings.retention_days == 1095  # three years by default
    settings.retention_days = 365
    settings.save()
    add("subscribed@example.org", SubscriberStatus.SUBSCRIBED, consented_days_ago=5000)
    add("left-long-ago@example.org", SubscriberStatus.UNSUBSCRIBED, unsubscribed_days_ago=366)
    add("left-recently@example.org", SubscriberStatus.UNSUBSCRIBED, unsubscribed_days_ago=364)
    add("never-confirmed@example.org", SubscriberStatus.PENDING, consented_days_ago=31)
    add("still-waiting@example.org", SubscriberStatus.PENDING, consented_days_ago=6)
    add("held@example.org", SubscriberStatus.QUARANTINED, consented_days_ago=31)
    # Asked to come back 40 days ago and never confirmed: back to the unsubscribed record.
    add("came-back@example.org", SubscriberStatus.PENDING, consented_days_ago=40, unsubscribed_days_ago=100)

    assert purge_unsubscribed(now=NOW) == 3
    assert remaining() == {
        "subscribed@example.org": SubscriberStatus.SUBSCRIBED,
        "left-recently@example.org": SubscriberStatus.UNSUBSCRIBED,
        "still-waiting@example.org": SubscriberStatus.PENDING,
        "came-back@example.org": SubscriberStatus.UNSUBSCRIBED,
    }
    assert purge_unsubscribed(now=NOW + timedelta(days=300)) == 3
    assert remaining() == {"subscribed@example.org": SubscriberStatus.SUBSCRIBED}


def test_the_admin_log_of_a_deleted_record_goes_with_it(demo_site):
    gone = add("gone@example.org", SubscriberStatus.UNSUBSCRIBED, unsubscribed_days_ago=2000)
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Subscriber),
        object_id=str(gone.pk),
        label=str(gone),
        action="wagtail.edit",
        timestamp=NOW,
    )
    purge_newsletter_records.call()
    assert not Subscriber.objects.exists()
    assert not ModelLogEntry.objects.filter(object_id=str(gone.pk), content_type__model="subscriber").exists()


def test_the_admin_never_logs_the_whole_address(demo_site):
    assert str(add("jane.doe@example.org", SubscriberStatus.SUBSCRIBED)) == "j…@example.org"
