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
        forwarded = forwarded_chain(request)
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def forwarded_chain(request):
    return [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]


def address_is_shared(request):
    """True when the address this server sees stands for many people, so a limit by address would
    let one of them silence all the others.

    - The onion service: one local Tor daemon connects for every reader. A request is taken to come
      through it when its Host is ONION_ADDRESS, or, when an onion address is configured, when the
      client address resolves to this machine (Tor connecting directly, or through a local proxy that
      TRUSTED_PROXY_HOPS describes). Without an onion address, a local client is just a local client.
    - An unknown proxy chain: X-Forwarded-For is present although TRUSTED_PROXY_HOPS is 0, or it names
      more hops than are trusted. The address we would count is then a proxy's, or one the client wrote.
    """
    onion = getattr(settings, "ONION_ADDRESS", "")
    if onion:
        host = request.META.get("HTTP_HOST", "").rsplit(":", 1)[0].lower()
        if host == onion.lower().removeprefix("http://").removeprefix("https://").strip("/"):
            return True
        try:
            if ipaddress.ip_address(client_address(request)).is_loopback:
                return True
        except ValueError:
            pass
    forwarded = forwarded_chain(request)
    hops = getattr(settings, "TRUSTED_PROXY_HOPS", 0)
    return bool(forwarded) and (hops == 0 or len(forwarded) > hops)


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
