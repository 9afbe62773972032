"""Telling clients apart without keeping their addresses.

Rate limits and login throttling need to recognise "the same client again"; the project never
stores an IP address. Both use a keyed hash of the address whose key changes every day, so a
stored value cannot be turned back into an address, nor linked to the same client on another day.
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.utils import timezone


def client_address(request):
    """The client's address as this server sees it.

    Behind TRUSTED_PROXY_HOPS proxies that each append to X-Forwarded-For, the address the
    nearest of our proxies saw; addresses further left could be written by the client itself.
    """
    hops = getattr(settings, "TRUSTED_PROXY_HOPS", 0)
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _daily_key():
    day = timezone.now().date().isoformat()
    return hmac.new(settings.SECRET_KEY.encode(), day.encode(), hashlib.sha256).digest()


def client_key(request):
    """A keyed hash of the client address that changes every day: the address itself is never kept."""
    return hmac.new(_daily_key(), client_address(request).encode(), hashlib.sha256).hexdigest()


def client_pseudonym_address(request):
    """The same daily keyed hash, shaped as an IPv6 address in the private fd00::/8 range.

    For libraries that insist on storing "an IP address" in a GenericIPAddressField (django-axes):
    they get a stable stand-in for the day, never the real address.
    """
    digest = bytes.fromhex(client_key(request))
    return str(ipaddress.IPv6Address(b"\xfd" + digest[:15]))
