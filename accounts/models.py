"""Second factors: authenticator apps (TOTP) with encrypted secrets, and single-use recovery codes.

django-otp's own TOTPDevice and StaticDevice store their secrets in clear; these store only what a
database dump cannot use (see accounts.otp_keys).
"""

import base64
import secrets
import time
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from . import otp_keys

TOTP_SECRET_BYTES = 20
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
RECOVERY_CODE_GROUPS = 3  # 3 groups of 4 characters: about 59 bits each


class SealedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (RFC 6238, 30-second codes of 6 digits) whose secret is encrypted.

    A code is accepted once: `last_t` remembers the time step of the last accepted code, and only
    later steps are accepted afterwards (django-otp's TOTP verification).
    """

    sealed_key = models.BinaryField()
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    @classmethod
    def create_for(cls, user, *, name, secret=None, confirmed=False):
        secret = secret if secret is not None else secrets.token_bytes(TOTP_SECRET_BYTES)
        return cls.objects.create(
            user=user, name=name, confirmed=confirmed, sealed_key=otp_keys.seal_secret(secret)
        )

    @property
    def bin_key(self):
        secret = otp_keys.open_secret(self.sealed_key)
        if secret is None:
            return None
        from .demo import is_refused_demo_secret

        return None if is_refused_demo_secret(secret) else secret

    @property
    def base32_key(self):
        return base64.b32encode(self.bin_key).decode().rstrip("=")

    @property
    def config_url(self):
        """The otpauth:// URL that an authenticator app reads from the QR code."""
        issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "")).replace(":", "")
        label = f"{issuer}:{self.user.get_username()}" if issuer else self.user.get_username()
        params = {"secret": self.base32_key, "algorithm": "SHA1", "digits": self.digits, "period": self.step}
        if issuer:
            params["issuer"] = issuer
        return f"otpauth://totp/{quote(label)}?{urlencode(params, quote_via=quote)}"

    def totp(self, at=None):
        totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
        totp.time = time.time() if at is None else at
        return totp

    def current_code(self, at=None):
        """The code the authenticator shows now (for the demo command and tests)."""
        return f"{self.totp(at).token():0{self.digits}d}"

    def verify_token(self, token):
        """django-otp's TOTPDevice.verify_token, on the decrypted secret.

        Only codes of a later time step than the last accepted one pass: a code is good once.
        """
        allowed, _details = self.verify_is_allowed()
        if not allowed or self.bin_key is None:
            # Throttled; or sealed under another OTP_SECRET_KEY; or a demo secret outside development.
            return False
        try:
            token = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = self.totp()
            verified = totp.verify(token, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A set of single-use recovery codes, for the day the phone is lost. Only digests are stored."""

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    @classmethod
    def new_codes_for(cls, user):
        """Replace the user's recovery codes with new ones. Returns the codes, to show once."""
        with transaction.atomic():
            device, _created = cls.objects.get_or_create(
                user=user, defaults={"name": "Recovery codes", "confirmed": True}
            )
            device.codes.all().delete()
            codes = [new_recovery_code() for _index in range(RECOVERY_CODE_COUNT)]
            RecoveryCode.objects.bulk_create(
                RecoveryCode(device=device, digest=otp_keys.recovery_code_digest(code)) for code in codes
            )
        return codes

    def remaining(self):
        return self.codes.count()

    def verify_token(self, token):
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        # Deleting the code is the check: a code used once (or in two requests at once) is gone.
        deleted, _by_model = self.codes.filter(digest=otp_keys.recovery_code_digest(str(token))).delete()
        if deleted:
            self.throttle_reset()
            return True
        self.throttle_increment()
        return False

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["device", "digest"])]

    def __str__(self):
        return f"recovery code of {self.device.user}"  # never the code: only its digest is stored


def new_recovery_code():
    characters = [secrets.choice(RECOVERY_CODE_ALPHABET) for _index in range(4 * RECOVERY_CODE_GROUPS)]
    return "-".join("".join(characters[i : i + 4]) for i in range(0, len(characters), 4))


class AccountGuesses(models.Model):
    """Failed sign-ins for one username, from every client together (see accounts.signin).

    Kept under a keyed digest of the username, known or not, so that the delay an unknown name gets
    is the same as a real account's and the table names nobody. No address, no password.
    """

    username_digest = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True)
    owner_told_at = models.DateTimeField(null=True)

    def __str__(self):
        return f"{self.failures} failed sign-ins"
