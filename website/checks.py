"""Deployment checks (`manage.py check --deploy`) for settings that Django's own checks do not know."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOCAL_HOSTS = {"localhost", "localhost.localdomain", "ip6-localhost", "testserver"}


def is_local_host(host):
    host = (host or "").strip("[]").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@register(Tags.security, deploy=True)
def check_public_base_url(app_configs, **kwargs):
    """Links in mails (the sender's status page, the staff's admin link) are built on PUBLIC_BASE_URL."""
    url = getattr(settings, "PUBLIC_BASE_URL", "")
    parts = urlsplit(url)
    if not url or parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            Error(
                "PUBLIC_BASE_URL is not set to this site's public address (e.g. https://protectdefenders.eu).",
                hint="Set PUBLIC_BASE_URL in the environment: every link in a mail is built on it.",
                id="website.E001",
            )
        ]
    if is_local_host(parts.hostname):
        return [
            Error(
                f"PUBLIC_BASE_URL names this machine ({parts.hostname}): "
                "mail would link readers to their own computer.",
                hint="Set PUBLIC_BASE_URL to the address readers use, e.g. https://protectdefenders.eu.",
                id="website.E002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_trusted_proxy_hops(app_configs, **kwargs):
    """Behind a proxy (it tells us the scheme), TRUSTED_PROXY_HOPS must say how many of ours append to
    X-Forwarded-For, or the rate limit by address sees the proxy, or nothing, instead of the client."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not getattr(settings, "TRUSTED_PROXY_HOPS", 0):
        return [
            Warning(
                "SECURE_PROXY_SSL_HEADER says a proxy is in front, but TRUSTED_PROXY_HOPS is 0.",
                hint=(
                    "Set TRUSTED_PROXY_HOPS in the environment to the number of proxies of yours that append "
                    "to X-Forwarded-For (1 for one nginx). Until then no request with X-Forwarded-For is "
                    "limited by address."
                ),
                id="website.W001",
            )
        ]
    return []
