"""Login throttling (django-axes) that keeps no address and no browser fingerprint.

Failures are counted per username *and* client together (AXES_LOCKOUT_PARAMETERS), so many staff
behind one Tor exit or proxy never lock each other out, and someone guessing one account's password
locks out only their own client for that account, for a cool-off period. The "client" axes records is
the daily keyed hash of the address (website.clients), shaped as an address because axes stores it
in an IP-address column.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.shortcuts import render
from django.utils import timezone


class PrivateDatabaseHandler(AxesDatabaseHandler):
    """axes' database handler, without the user agent it would otherwise store with each failure."""

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None:
            request.axes_user_agent = ""
        return super().user_login_failed(sender, credentials, request=request, **kwargs)


def retry_at(request, credentials):
    username = get_client_username(request, credentials)
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=getattr(request, "axes_ip_address", None))
        .order_by("-attempt_time")
        .first()
    )
    return (attempt.attempt_time if attempt else timezone.now()) + get_cool_off(request)


def locked_out(request, original_response=None, credentials=None):
    """The sign-in page again, saying until when this account is closed to this client."""
    retry = retry_at(request, credentials)
    minutes = max(1, -(-int((retry - timezone.now()).total_seconds()) // 60))
    context = {"retry_at": retry, "minutes": minutes}
    # Rendered here: axes calls this from its middleware, after the view, where nothing would render it.
    return render(request, "accounts/locked_out.html", context, status=429)
