"""Signed links: confirming an address, and managing or leaving a subscription.

Nothing secret is stored: a link is the subscriber's random id signed with SECRET_KEY (and a salt per
kind of link), so a forged or altered link fails the signature, and a database dump alone cannot make
one. The confirmation link expires; the manage/unsubscribe link never does, since every newsletter
ever sent must keep a working way out (it stops working once the record is deleted).
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import translation

from outbox.links import public_url

CONFIRMATION_VALID_FOR = timedelta(days=7)
CONFIRM_SALT = "newsletter.confirm"
SUBSCRIBER_SALT = "newsletter.subscriber"
ONE_CLICK_HEADER_VALUE = "List-Unsubscribe=One-Click"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def confirmation_token(subscriber):
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(subscriber.uuid.hex)


def subscriber_token(subscriber):
    return signing.Signer(salt=SUBSCRIBER_SALT).sign(subscriber.uuid.hex)


def read_confirmation_token(token):
    """The subscriber id in a confirmation link; LinkExpired or LinkInvalid otherwise."""
    try:
        return signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=CONFIRMATION_VALID_FOR)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error


def read_subscriber_token(token):
    try:
        return signing.Signer(salt=SUBSCRIBER_SALT).unsign(token)
    except signing.BadSignature as error:
        raise LinkInvalid from error


def public_base_url(request=None):
    """Where links in mail point: the deployment's one public address (settings.PUBLIC_BASE_URL).

    Never the Host of the request (a client chooses it) nor the Site record (`localhost` by default);
    `request` is accepted for the callers that have one, and ignored.
    """
    return public_url("/").rstrip("/")


def language_path(name, language, token):
    with translation.override(language):
        return reverse(name, args=[token])


def confirm_url(subscriber, request=None):
    return public_base_url(request) + language_path(
        "newsletter_confirm", subscriber.language, confirmation_token(subscriber)
    )


def manage_url(subscriber, request=None):
    return public_base_url(request) + language_path(
        "newsletter_manage", subscriber.language, subscriber_token(subscriber)
    )


def unsubscribe_url(subscriber, request=None):
    return public_base_url(request) + language_path(
        "newsletter_unsubscribe", subscriber.language, subscriber_token(subscriber)
    )


def unsubscribe_headers(subscriber, request=None):
    """RFC 2369 and RFC 8058 headers for any mail to this address: mail clients show an
    "Unsubscribe" button that POSTs `List-Unsubscribe=One-Click` to the link, with no page to visit."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber, request)}>",
        "List-Unsubscribe-Post": ONE_CLICK_HEADER_VALUE,
    }
