"""Every admin request needs a session that has passed the second factor.

A password alone (a session where django-otp has verified no device) reaches only the pages that
ask for the second factor or enrol one; every other admin URL redirects there. Outside the admin,
such a half-signed-in session counts as anonymous.
"""

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from website.middleware import is_admin_path

# Reachable with the password alone: signing in and out, and the second-factor pages themselves
# (with what they need to render: the admin's translations catalogue and icon sprite).
OPEN_BEFORE_SECOND_FACTOR = {
    "wagtailadmin_login",
    "accounts_sign_in",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "accounts_second_factor",
    "accounts_enrol",
}


def is_verified(user):
    return bool(getattr(user, "is_verified", None) and user.is_verified())


class SecondFactorRequiredMiddleware:
    """Placed after django-otp's OTPMiddleware, which tells whether this session passed the second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not is_verified(user):
            if is_admin_path(request.path_info):
                response = self.refuse(request)
                if response is not None:
                    return response
            else:
                request.user = AnonymousUser()
        return self.get_response(request)

    def refuse(self, request):
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            url_name = None
        if url_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        target = "accounts_second_factor" if user_has_device(request.user) else "accounts_enrol"
        next_url = request.get_full_path() if request.method == "GET" else reverse("wagtailadmin_home")
        return redirect(f"{reverse(target)}?{urlencode({'next': next_url})}")
