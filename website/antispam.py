"""Spam layers for every public form: a honeypot, a signed minimum-time token, a per-client rate limit,
and reCAPTCHA where an editor switched it on.

None of them ever rejects a request. Each returns reasons; the caller keeps a request with reasons in
quarantine for a person to review and shows the sender the same answer as anyone else. A defender on
Tor, in a country that blocks Google, or with JavaScript off is therefore never turned away.
"""

import logging
import secrets
import time
from functools import cached_property
from urllib.error import URLError

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .clients import client_key

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "pd_reference_url"  # a name that invites a bot; browsers' autofill has no value for it
TIME_TOKEN_FIELD = "pd_form_started"  # noqa: S105 - a field name, not a secret
TIME_TOKEN_SALT = "website.antispam.time-token"  # noqa: S105 - a namespace, not a secret
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

    # Rendering (components/spam_defence_fields.html) ------------------------------------------

    honeypot_field = HONEYPOT_FIELD
    time_token_field = TIME_TOKEN_FIELD

    @cached_property
    def honeypot_id(self):
        """Unique on the page, even with several forms on it (a compact signup beside a form)."""
        return f"id_{self.form_name}_{HONEYPOT_FIELD}_{secrets.token_hex(3)}"

    def time_token(self):
        return signing.dumps(
            {"f": self.form_name, "t": int(time.time())}, salt=TIME_TOKEN_SALT, compress=True
        )

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

    def check_time_token(self, token):
        try:
            value = signing.loads(
                str(token or ""),
                salt=TIME_TOKEN_SALT,
                max_age=getattr(settings, "FORM_TOKEN_MAX_AGE", 7 * 24 * 3600),
            )
            started = int(value["t"])
            if value.get("f") != self.form_name:
                return [Reason.BAD_TIME_TOKEN]
        except (signing.BadSignature, ValueError, TypeError, KeyError, OverflowError, AttributeError):
            return [Reason.BAD_TIME_TOKEN]
        if time.time() - started < getattr(settings, "FORM_MIN_SECONDS", 3):
            return [Reason.TOO_FAST]
        return []

    def over_rate_limit(self):
        """Counts this request; True when the client sent more than FORM_RATE_LIMIT today to this form.

        A cache that fails lets the request through (fail open): a defender must not be turned away
        because Redis is down.
        """
        key = f"form-rate:{self.form_name}:{client_key(self.request)}"
        try:
            cache.add(key, 0, timeout=24 * 3600)
            count = cache.incr(key)
        except Exception:  # noqa: BLE001 - any cache failure
            logger.warning("rate limit cache unavailable; request let through")
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
