"""Spam layers for every public form: a honeypot, a signed minimum-time token, a per-client rate limit,
and reCAPTCHA where an editor switched it on.

None of them ever rejects a request. Each returns reasons; the caller keeps a request with reasons in
quarantine for a person to review, tells the inbox's members that something is held, and shows the
sender the same answer as anyone else. A defender on Tor, in a country that blocks Google, or with
JavaScript off is therefore never turned away, nor held in silence.

Each rendered form also carries a one-time submission token, so that a reload of the confirmation
page, a double click or a retry stores the request once (see forms.views).
"""

import logging
import secrets
import time
from functools import cached_property
from urllib.error import URLError

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .clients import address_is_shared, client_key

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "pd_reference_url"  # a name that invites a bot; browsers' autofill has no value for it
TIME_TOKEN_FIELD = "pd_form_started"  # noqa: S105 - a field name, not a secret
TIME_TOKEN_SALT = "website.antispam.time-token"  # noqa: S105 - a namespace, not a secret
SUBMISSION_TOKEN_FIELD = "pd_submission"  # noqa: S105 - a field name, not a secret
SUBMISSION_TOKEN_SALT = "website.antispam.submission-token"  # noqa: S105 - a namespace, not a secret
RECAPTCHA_RESPONSE_FIELD = "g-recaptcha-response"


class Reason:
    HONEYPOT = "honeypot"
    TOO_FAST = "too-fast"
    BAD_TIME_TOKEN = "bad-time-token"  # noqa: S105 - a reason code
    RATE_LIMIT = "rate-limit"
    CAPTCHA_MISSING = "captcha-missing"
    CAPTCHA_FAILED = "captcha-failed"
    CAPTCHA_LOW_SCORE = "captcha-low-score"
    CAPTCHA_UNREACHABLE = "captcha-unreachable"


REASON_LABELS = {
    Reason.HONEYPOT: _("A field hidden from people was filled in"),
    Reason.TOO_FAST: _("Sent faster than a person can fill the form"),
    Reason.BAD_TIME_TOKEN: _("The form's time token was missing or altered"),
    Reason.RATE_LIMIT: _("Many requests from the same connection today"),
    Reason.CAPTCHA_MISSING: _("The reCAPTCHA challenge was not completed (blocked or no JavaScript)"),
    Reason.CAPTCHA_FAILED: _("reCAPTCHA did not accept the challenge"),
    Reason.CAPTCHA_LOW_SCORE: _("reCAPTCHA scored the request low"),
    Reason.CAPTCHA_UNREACHABLE: _("reCAPTCHA could not be reached to check the challenge"),
}


class CaptchaMode:
    OFF = "off"
    V2 = "v2"
    V3 = "v3"
    CHOICES = [
        (OFF, _("Off")),
        (V2, _("reCAPTCHA v2 (checkbox)")),
        (V3, _("reCAPTCHA v3 (invisible, with a score)")),
    ]


def describe(reasons):
    return [str(REASON_LABELS.get(reason, reason)) for reason in reasons]


def recaptcha_domain():
    return getattr(settings, "RECAPTCHA_DOMAIN", "www.google.com")


def recaptcha_csp():
    """What a page with reCAPTCHA must allow in its Content-Security-Policy, and no other page does."""
    hosts = [f"https://{recaptcha_domain()}/recaptcha/", "https://www.gstatic.com/recaptcha/"]
    return {"script-src": hosts, "frame-src": hosts, "connect-src": hosts}


class SpamDefence:
    """The spam layers of one form on one request: render with the form, check on POST."""

    def __init__(self, request, form_name, captcha_mode=CaptchaMode.OFF, captcha_min_score=0.5):
        self.request = request
        self.form_name = form_name
        self.captcha_mode = captcha_mode or CaptchaMode.OFF
        self.captcha_min_score = captcha_min_score
        self.started = None  # when the sender first opened the form, once a post has shown it
        self.submission_nonce = None

    def carry_over(self, data):
        """Keep the first render's tokens when the form comes back with errors.

        A sender who fixes a field and sends again within seconds did not fill the form in seconds:
        the time token keeps the time the page was first served, and the submission token stays the
        same, so that this attempt and the next one are one request.
        """
        self.started = self.read_time_token(data.get(TIME_TOKEN_FIELD))
        self.submission_nonce = self.read_submission_token(data.get(SUBMISSION_TOKEN_FIELD))

    # Rendering (components/spam_defence_fields.html) ------------------------------------------

    honeypot_field = HONEYPOT_FIELD
    time_token_field = TIME_TOKEN_FIELD
    submission_token_field = SUBMISSION_TOKEN_FIELD

    @cached_property
    def honeypot_id(self):
        """Unique on the page, even with several forms on it (a compact signup beside a form)."""
        return f"id_{self.form_name}_{HONEYPOT_FIELD}_{secrets.token_hex(3)}"

    def time_token(self):
        started = self.started if self.started is not None else int(time.time())
        return signing.dumps({"f": self.form_name, "t": started}, salt=TIME_TOKEN_SALT, compress=True)

    def submission_token(self):
        """A random value, signed with the form's name: one per rendered form (kept across its errors)."""
        if self.submission_nonce is None:
            self.submission_nonce = secrets.token_urlsafe(18)
        return signing.dumps({"f": self.form_name, "n": self.submission_nonce}, salt=SUBMISSION_TOKEN_SALT)

    def read_submission_token(self, token):
        """The nonce of a genuine submission token of this form, else None."""
        try:
            value = signing.loads(str(token or "")[:200], salt=SUBMISSION_TOKEN_SALT, max_age=token_max_age())
            nonce = value["n"]
            if value.get("f") != self.form_name or not isinstance(nonce, str) or not 16 <= len(nonce) <= 64:
                return None
        except (signing.BadSignature, ValueError, TypeError, KeyError, AttributeError):
            return None
        return nonce

    def submission_digest(self, data):
        """What a request stores to be recognised when it is sent again: a keyed hash of its token's
        random part (the token itself is never stored). None when the post has no genuine token."""
        nonce = self.read_submission_token(data.get(SUBMISSION_TOKEN_FIELD))
        if nonce is None:
            return None
        return salted_hmac(SUBMISSION_TOKEN_SALT, f"{self.form_name}:{nonce}", algorithm="sha256").hexdigest()

    @property
    def captcha_on(self):
        return self.captcha_mode in (CaptchaMode.V2, CaptchaMode.V3)

    @property
    def recaptcha_site_key(self):
        from django_recaptcha.constants import TEST_PUBLIC_KEY

        return getattr(settings, "RECAPTCHA_PUBLIC_KEY", "") or TEST_PUBLIC_KEY

    @property
    def recaptcha_script_url(self):
        url = f"https://{recaptcha_domain()}/recaptcha/api.js"
        if self.captcha_mode == CaptchaMode.V3:
            url += f"?render={self.recaptcha_site_key}"
        return url

    def allow_in_policy(self, response):
        """Let this one response load reCAPTCHA, when it is on for this form."""
        if self.captcha_on:
            response._csp_update = recaptcha_csp()
        return response

    # Checking ---------------------------------------------------------------------------------

    def check(self, data):
        """The reasons to hold this request for review ([] when it looks like a person's). Never raises."""
        reasons = []
        if str(data.get(HONEYPOT_FIELD, "") or "").strip():
            reasons.append(Reason.HONEYPOT)
        reasons += self.check_time_token(data.get(TIME_TOKEN_FIELD))
        if self.over_rate_limit():
            reasons.append(Reason.RATE_LIMIT)
        if self.captcha_on:
            reasons += self.check_captcha(data.get(RECAPTCHA_RESPONSE_FIELD))
        return reasons

    def read_time_token(self, token):
        """When the page with this form's genuine time token was served (seconds), else None."""
        try:
            value = signing.loads(str(token or ""), salt=TIME_TOKEN_SALT, max_age=token_max_age())
            started = int(value["t"])
            if value.get("f") != self.form_name:
                return None
        except (signing.BadSignature, ValueError, TypeError, KeyError, OverflowError, AttributeError):
            return None
        return started

    def check_time_token(self, token):
        started = self.read_time_token(token)
        if started is None:
            return [Reason.BAD_TIME_TOKEN]
        if time.time() - started < getattr(settings, "FORM_MIN_SECONDS", 3):
            return [Reason.TOO_FAST]
        return []

    def over_rate_limit(self):
        """Counts this request; True when the client sent more than FORM_RATE_LIMIT today to this form.

        Not applied where one address stands for many people (the onion service, an unknown proxy
        chain: see website.clients.address_is_shared), or one sender could silence all of them; the
        other layers still apply there. A database that fails lets the request through (fail open).
        """
        if self.request is None or address_is_shared(self.request):
            return False
        try:
            count = count_request(self.form_name, client_key(self.request))
        except Exception:  # noqa: BLE001 - the request itself must still be stored
            logger.warning("rate limit store unavailable; request let through")
            return False
        return count > getattr(settings, "FORM_RATE_LIMIT", 10)

    def check_captcha(self, response_token):
        # Looked up at call time, so that tests can replace the call to Google (and only that).
        from django_recaptcha import client as recaptcha_client

        if not response_token:
            return [Reason.CAPTCHA_MISSING]
        try:
            # The sender's address is not sent to Google (remoteip is optional).
            result = recaptcha_client.submit(
                recaptcha_response=str(response_token)[:4000],
                private_key=getattr(settings, "RECAPTCHA_PRIVATE_KEY", ""),
                remoteip=None,
            )
        except (URLError, OSError, TimeoutError, ValueError, KeyError) as error:
            # HTTP errors, DNS failures, time-outs, and answers that are not reCAPTCHA's JSON.
            logger.warning("reCAPTCHA unreachable: %s", type(error).__name__)
            return [Reason.CAPTCHA_UNREACHABLE]
        if not result.is_valid:
            return [Reason.CAPTCHA_FAILED]
        if self.captcha_mode == CaptchaMode.V3:
            try:
                score = float(result.extra_data.get("score", 0))
            except (TypeError, ValueError):
                score = 0.0
            if score < self.captcha_min_score:
                return [Reason.CAPTCHA_LOW_SCORE]
        return []


def token_max_age():
    return getattr(settings, "FORM_TOKEN_MAX_AGE", 7 * 24 * 3600)


def count_request(form_name, client):
    """Add one to today's counter of this client for this form and return it; safe under concurrency.

    The row is created at the first request (a concurrent creation loses the race to the unique
    constraint and falls back to the update); the increment is one UPDATE with F(), so two workers
    never read and write back the same count.
    """
    from .models import RateCounter

    counters = RateCounter.objects.filter(day=timezone.localdate(), form=form_name[:40], client=client)
    with transaction.atomic():
        if not counters.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(
                        day=timezone.localdate(), form=form_name[:40], client=client, count=1
                    )
            except IntegrityError:
                counters.update(count=F("count") + 1)
        return counters.values_list("count", flat=True).get()


@task(backend=settings.OUTBOX_TASK_BACKEND)
def purge_rate_counters():
    """Daily (settings.PERIODIC_TASKS): yesterday's counters are of no use, and keep nothing longer."""
    from .models import RateCounter

    deleted, _by_model = RateCounter.objects.filter(day__lt=timezone.localdate()).delete()
    return {"deleted": deleted}
