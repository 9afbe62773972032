"""Development only: demo accounts get an authenticator whose secret is published here.

`manage.py demo_totp` prints its current code. The secret is refused outside DEBUG: even if a demo
device reached a production database, its codes would never be accepted there.
"""

import hmac

from django.conf import settings

DEMO_TOTP_SECRET = b"demo-only-totp-local"  # noqa: S105 - a published demo credential, refused when DEBUG is off
DEMO_DEVICE_NAME = "Demo authenticator (local use only)"


def is_refused_demo_secret(secret):
    return not settings.DEBUG and hmac.compare_digest(bytes(secret), DEMO_TOTP_SECRET)


def ensure_demo_second_factor(user):
    """Give a demo account the published demo authenticator. Returns True if one was added."""
    from .models import SealedTOTPDevice

    if not settings.DEBUG or SealedTOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return False
    SealedTOTPDevice.create_for(user, name=DEMO_DEVICE_NAME, secret=DEMO_TOTP_SECRET, confirmed=True)
    return True


def demo_devices():
    from .models import SealedTOTPDevice

    return [
        device
        for device in SealedTOTPDevice.objects.filter(name=DEMO_DEVICE_NAME, confirmed=True).select_related(
            "user"
        )
        if device.bin_key == DEMO_TOTP_SECRET
    ]
