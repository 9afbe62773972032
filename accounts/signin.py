"""Signing in to the admin in two steps that tell an attacker nothing before the second factor.

Step 1 (username and password, `forms.admin_login`) always leads to step 2, with the same status,
page and cookies whether the password was right or not, and after the same work (one password hash
and one argon2id derivation). The session then holds a *pending* sign-in: the username, and the
account only if the password was right (never the password). The member's inbox key, unlocked with
a right password, is held as after any sign-in (half in the session, half in a cookie), and a decoy of
the same shape is held after a wrong one, so even the cookies are alike.

Step 2 takes a passkey, an authenticator code or a recovery code. Only then is the outcome told, and
every failure looks the same: "Sign-in failed: username, password or code wrong."

Guessing is slowed down three ways:
- django-axes pauses one username for one client (keyed hash of the address) after 5 failures;
- every failure for a username, from any client, makes the next try for that username wait longer
  (2, 4, 8… seconds, at most `SIGN_IN_MAX_DELAY`): many Tor circuits together get one guess per
  half-minute, and the owner waits at most that long, never locked out;
- after `SIGN_IN_OWNER_MAIL_AFTER` failures the owner gets a mail (at most one a day), without
  address or anything typed.

An account without any second factor yet (first sign-in): a right password leads to enrolment after
step 2 (any code, or none, is accepted then). For such an account alone, step 2's outcome tells
whether the password was right; it holds no inbox key until its first sign-in (the key pair is made
then), and the admin who creates an account should give it a password nobody else knows.
"""

import hashlib
import hmac
import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, login, user_login_failed
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from forms import vault

from .audit import log_account
from .models import AccountGuesses

PENDING = "accounts_pending_sign_in"
# Step 2 must follow step 1 within this time, or step 1 is asked again.
PENDING_FOR = timedelta(minutes=10)
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
OWNER_MAIL_PURPOSE = "sign-in-failures"


def failure_message():
    return _("Sign-in failed: username, password or code wrong.")


# Step 1 ------------------------------------------------------------------------------------------


def start(request, username, user, unlocked_member_key):
    """Remember a finished step 1, right or wrong alike, and hold the member key (or a decoy)."""
    request.session.cycle_key()
    request.session.set_expiry(0)  # ends with the browser, like a signed-in session
    request.session[PENDING] = {
        "username": username,
        "user": user.pk if user is not None else None,
        "at": timezone.now().isoformat(),
    }
    # Picked up by forms.session_keys.InboxKeySessionMiddleware: the same cookie and session blob
    # either way; the decoy opens nothing and is never used (nobody signs in without step 2).
    request.unlocked_member_key = unlocked_member_key or vault.new_secret_key()


def pending(request):
    """The pending sign-in of this session: {"username", "user"} or None (none, or too old)."""
    state = request.session.get(PENDING) if hasattr(request, "session") else None
    if not state:
        return None
    try:
        since = timezone.datetime.fromisoformat(state["at"])
    except (KeyError, TypeError, ValueError):
        return None
    if timezone.now() - since > PENDING_FOR:
        return None
    return state


def pending_user(state):
    if not state or state.get("user") is None:
        return None
    return get_user_model()._default_manager.filter(pk=state["user"], is_active=True).first()


# Step 2's outcome --------------------------------------------------------------------------------


def finish(request, user, device):
    """A right password and a right second factor (or, at the first sign-in, none yet): sign in."""
    request.session.pop(PENDING, None)
    login(request, user, backend=MODEL_BACKEND)  # keeps the session's data, under a new key
    if device is not None:
        otp_login(request, device)
    forget_failures(user.get_username())


def fail(request, username, user=None):
    """Any failure of step 2: count it, forget the pending sign-in and the key held for it."""
    request.session.flush()
    request.drop_inbox_key_cookie = True
    if username:
        # django-axes counts it for this username and client, and pauses the pair after 5 failures.
        user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
        count_failure(username, user)


# The per-account delay and the owner's mail ---------------------------------------------------------


def username_digest(username):
    key = hashlib.blake2b(settings.SECRET_KEY.encode(), person=b"pd-sign-in-user", digest_size=32).digest()
    normalised = (username or "").strip().casefold()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def free_failures():
    return getattr(settings, "SIGN_IN_FREE_FAILURES", 3)


def delay_after(failures):
    """Seconds the next try for a username waits after this many failures from any client."""
    if failures <= free_failures():
        return 0
    return min(getattr(settings, "SIGN_IN_MAX_DELAY", 30), 2 ** (failures - free_failures()))


def seconds_to_wait(username, now=None):
    """How long before this username may be tried again (0: now). Known or unknown names alike."""
    now = now or timezone.now()
    guesses = AccountGuesses.objects.filter(username_digest=username_digest(username)).first()
    if guesses is None or guesses.last_failure_at is None:
        return 0
    if now - guesses.last_failure_at > failure_memory():
        return 0
    ready = guesses.last_failure_at + timedelta(seconds=delay_after(guesses.failures))
    return max(0, math.ceil((ready - now).total_seconds()))


def failure_memory():
    """Failures older than this are forgotten (and their rows deleted by the hourly clean-up)."""
    return timedelta(hours=getattr(settings, "SIGN_IN_FAILURE_MEMORY_HOURS", 24))


def count_failure(username, user=None, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        guesses, _created = AccountGuesses.objects.select_for_update().get_or_create(
            username_digest=username_digest(username)
        )
        if guesses.last_failure_at is not None and now - guesses.last_failure_at > failure_memory():
            guesses.failures = 0
        guesses.failures += 1
        guesses.last_failure_at = now
        owner = user or named(username)
        if (
            owner is not None
            and owner.email
            and guesses.failures >= getattr(settings, "SIGN_IN_OWNER_MAIL_AFTER", 5)
            and (guesses.owner_told_at is None or now - guesses.owner_told_at > timedelta(days=1))
        ):
            tell_owner(owner, guesses.failures)
            guesses.owner_told_at = now
        guesses.save()


def forget_failures(username):
    AccountGuesses.objects.filter(username_digest=username_digest(username)).update(
        failures=0, last_failure_at=None
    )


def named(username):
    model = get_user_model()
    return model._default_manager.filter(**{model.USERNAME_FIELD: username}, is_active=True).first()


def admin_language(user):
    from wagtail.users.models import UserProfile

    language = UserProfile.get_for_user(user).get_preferred_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def tell_owner(user, failures):
    """A mail to the account's owner, in their admin language: how many failures, nothing else."""
    from outbox.mail import queue_mail

    with translation.override(admin_language(user)):
        context = {"user": user, "failures": failures, "site_name": settings.WAGTAIL_SITE_NAME}
        subject = _("Failed attempts to sign in to your account")
        text = render_to_string("accounts/mail/sign_in_failures.txt", context)
    queue_mail(to=user.email, subject=subject, text=text, purpose=OWNER_MAIL_PURPOSE, about=f"user:{user.pk}")
    log_account(user, "accounts.owner_warned", user=None, data={"failures": failures})


def login_url(next_url=""):
    url = reverse("wagtailadmin_login")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
