"""What happens to an address: asked for, confirmed, changed, released from quarantine, unsubscribed.

Asking never tells who is subscribed: every request gets the same answer on screen, and at most one
mail a day goes to an address, whatever state it is in (a confirmation link, or "you already receive
it" with a link to manage the subscription). Nor does the time the answer takes: the signup only
queues one task with the request sealed (`queue_signup`, the same work for every address), and the
worker decides what to record and mail (`request_subscription`). The mail is queued in the same
transaction as the record.
"""

import base64
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .consent import CONSENT_TEXT_VERSION
from .mail import queue_already_subscribed, queue_confirmation
from .models import Subscriber, SubscriberStatus, source_topics

# At most one mail per address in this time, so nobody can flood someone's mailbox through us.
MAIL_INTERVAL = timedelta(days=1)
# Spam signals that a person almost never sets off: such a signup waits, without mail, for staff to
# release it. Any other reason (notably "captcha-failed", which everyone without JavaScript or with
# Google blocked gets) still sends the confirmation mail: the click in it is the proof of a person.
HELD_REASONS = frozenset({"honeypot", "too-fast", "rate-limit"})
WAITING = (SubscriberStatus.PENDING, SubscriberStatus.QUARANTINED)


def normalise_email(address):
    """The address to send to (domain in lower case) and the key that identifies its mailbox."""
    local, _at, domain = address.strip().rpartition("@")
    email = f"{local}@{domain.lower()}"
    return email, email.lower()


def may_mail(subscriber, now):
    return subscriber.last_mail_sent_at is None or now - subscriber.last_mail_sent_at >= MAIL_INTERVAL


def locked_subscriber(email_key, defaults):
    """The record for this mailbox, locked for this transaction; created when there is none."""
    subscriber = Subscriber.objects.select_for_update().filter(email_key=email_key).first()
    if subscriber is not None:
        return subscriber, False
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email_key=email_key, **defaults), True
    except IntegrityError:
        # The same address sent twice at once: the other request created it first.
        return Subscriber.objects.select_for_update().get(email_key=email_key), False


def topics_for(keys):
    return list(source_topics().filter(key__in=keys))


def queue_signup(*, email, language, topic_keys, consent_language, reasons=()):
    """Hand a signup to the worker: one task, whatever the address, with the request sealed under the
    outbox's key (a task's arguments are stored in the database, and kept there after it has run)."""
    from outbox.sealing import seal_message

    from .tasks import handle_signup

    signup = {
        "email": email,
        "language": language,
        "topic_keys": list(topic_keys),
        "consent_language": consent_language,
        "reasons": sorted(set(reasons)),
    }
    handle_signup.enqueue(base64.b64encode(seal_message(signup)).decode("ascii"))


def open_signup(sealed):
    from outbox.sealing import open_message

    return open_message(base64.b64decode(sealed))


def request_subscription(*, email, language, topic_keys, consent_language, reasons=(), request=None):
    """Record a signup and queue its mail (when allowed). Returns nothing the caller could show.

    Run by the worker (newsletter.tasks.handle_signup), never in the request that asks: how long it
    takes depends on the address's state."""
    now = timezone.now()
    email, email_key = normalise_email(email)
    reasons = sorted(set(reasons))
    held = bool(HELD_REASONS.intersection(reasons))
    with transaction.atomic():
        subscriber, _created = locked_subscriber(
            email_key, {"email": email, "language": language, "status": SubscriberStatus.PENDING}
        )
        if subscriber.status == SubscriberStatus.SUBSCRIBED:
            # Nothing changes without the owner's click: the mail says how to manage the subscription.
            if not held and may_mail(subscriber, now):
                queue_already_subscribed(subscriber, request)
                subscriber.last_mail_sent_at = now
                subscriber.save(update_fields=["last_mail_sent_at"])
            return
        subscriber.email = email
        subscriber.language = language
        subscriber.status = SubscriberStatus.QUARANTINED if reasons else SubscriberStatus.PENDING
        subscriber.quarantine_reasons = ",".join(reasons)[:200]
        subscriber.consent_text_version = CONSENT_TEXT_VERSION
        subscriber.consent_language = consent_language
        subscriber.consented_at = now
        subscriber.source = "signup form"
        subscriber.record(
            "requested", now, version=CONSENT_TEXT_VERSION, language=consent_language, reasons=reasons
        )
        if not held and may_mail(subscriber, now):
            queue_confirmation(subscriber, request)
            subscriber.last_mail_sent_at = now
        subscriber.save()
        subscriber.topics.set(topics_for(topic_keys))


def confirm(subscriber):
    """The owner clicked the confirmation link: the address becomes a subscriber."""
    if subscriber.status not in WAITING:
        return subscriber.status == SubscriberStatus.SUBSCRIBED
    now = timezone.now()
    subscriber.status = SubscriberStatus.SUBSCRIBED
    subscriber.confirmed_at = now
    subscriber.unsubscribed_at = None
    subscriber.record(
        "confirmed", now, version=subscriber.consent_text_version, language=subscriber.consent_language
    )
    subscriber.save()
    return True


def unsubscribe(subscriber):
    """Stop all mail. A never-confirmed address is deleted at once; a subscriber's record is kept for
    the retention period (NewsletterSettings) as proof of consent, then deleted."""
    if subscriber.confirmed_at is None:
        subscriber.delete()
        return
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return
    now = timezone.now()
    subscriber.status = SubscriberStatus.UNSUBSCRIBED
    subscriber.unsubscribed_at = now
    subscriber.record("unsubscribed", now)
    subscriber.save()
    subscriber.topics.clear()


def change_preferences(subscriber, language, topic_keys):
    now = timezone.now()
    subscriber.language = language
    subscriber.record("preferences", now, language=language)
    subscriber.save()
    subscriber.topics.set(topics_for(topic_keys))


def release(subscriber, user=None):
    """Staff judged a quarantined signup to be a person's: send its confirmation mail.

    Returns False when a mail already went to the address in the last day (try again later).
    """
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status != SubscriberStatus.QUARANTINED or not may_mail(subscriber, now):
            return False
        queue_confirmation(subscriber)
        subscriber.status = SubscriberStatus.PENDING
        subscriber.last_mail_sent_at = now
        subscriber.record("released", now, by=getattr(user, "username", ""))
        subscriber.save()
    return True
