"""The mail this app sends itself: the confirmation, and "you are already subscribed".

Each is rendered in the subscriber's language and stored in the outbox in the caller's transaction;
a worker delivers it. A request never talks to a mail server.
"""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .links import CONFIRMATION_VALID_FOR, confirm_url, manage_url, unsubscribe_headers, unsubscribe_url


def render_mail(template, subscriber, context):
    """(subject, text, html) of newsletter/mail/<template>.{txt,html} in the subscriber's language."""
    with translation.override(subscriber.language):
        context = {
            **context,
            "language": subscriber.language,
            "bidi": translation.get_language_bidi(),
            "subject": str(context["subject"]),
        }
        text = render_to_string(f"newsletter/mail/{template}.txt", context)
        html = render_to_string(f"newsletter/mail/{template}.html", context)
    return context["subject"], text, html


def queue(subscriber, template, purpose, context, request=None):
    from outbox.mail import queue_mail

    subject, text, html = render_mail(template, subscriber, context)
    return queue_mail(
        to=subscriber.email,
        subject=subject,
        text=text,
        html=html,
        headers=unsubscribe_headers(subscriber, request),
        purpose=purpose,
        about=f"newsletter:{subscriber.uuid}",
    )


def queue_confirmation(subscriber, request=None):
    context = {
        "subject": _("Confirm your subscription to the ProtectDefenders.eu newsletter"),
        "confirm_url": confirm_url(subscriber, request),
        "unsubscribe_url": unsubscribe_url(subscriber, request),
        "valid_days": CONFIRMATION_VALID_FOR.days,
    }
    return queue(subscriber, "confirmation", "newsletter-confirmation", context, request)


def queue_already_subscribed(subscriber, request=None):
    context = {
        "subject": _("You already receive the ProtectDefenders.eu newsletter"),
        "manage_url": manage_url(subscriber, request),
        "unsubscribe_url": unsubscribe_url(subscriber, request),
    }
    return queue(subscriber, "already_subscribed", "newsletter-already-subscribed", context, request)
