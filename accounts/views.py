"""Second-factor pages: verify at sign-in, enrol at first sign-in, manage from the account page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import user_has_device

from forms.session_keys import COOKIE_NAME as INBOX_KEY_COOKIE

from .audit import log_account
from .forms import EnrolForm, SecondFactorForm
from .middleware import is_verified
from .models import RecoveryCodeDevice, SealedTOTPDevice
from .qr import qr_data_uri
from .sessions import end_all_sessions


def next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def throttled_until(devices):
    """When every device that could take this code refuses to try (too many wrong codes), until when."""
    waits = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if allowed:
            return None
        waits.append((details or {}).get("locked_until"))
    waits = [wait for wait in waits if wait is not None]
    return min(waits) if waits else None


@never_cache
@sensitive_post_parameters("code")
def second_factor(request):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    user = request.user
    if is_verified(user):
        return redirect(next_url(request))
    if not user_has_device(user):
        return redirect(f"{reverse('accounts_enrol')}?{request.GET.urlencode()}")
    form = SecondFactorForm(request.POST or None)
    wait_until = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        with transaction.atomic():
            if code.isdigit():
                candidates = list(
                    SealedTOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
                )
            else:
                candidates = list(RecoveryCodeDevice.objects.filter(user=user).select_for_update())
            wait_until = throttled_until(candidates)
            device = next((device for device in candidates if device.verify_token(code)), None)
        if device is not None:
            otp_login(request, device)
            log_account(user, "accounts.second_factor")
            if isinstance(device, RecoveryCodeDevice):
                log_account(user, "accounts.recovery_code_used")
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(count)s are left. Each works once: "
                        "make new ones on your account page if you are running out."
                    )
                    % {"count": device.remaining()},
                )
            return redirect(next_url(request))
        log_account(user, "accounts.second_factor_failed")
        if wait_until is None:
            form.add_error("code", _("This code is not valid, or was already used. Try the next one."))
    return TemplateResponse(
        request,
        "accounts/second_factor.html",
        {"form": form, "next": next_url(request), "wait_until": wait_until},
        status=429 if wait_until else 200,
    )


@never_cache
@sensitive_post_parameters("code")
def enrol(request):
    """Add an authenticator app: at the first sign-in (required), or later from the account page.

    Someone holding only the password must not be able to add their own authenticator to an
    account that has one already: that needs a session that passed the second factor.
    """
    user = request.user
    if not is_verified(user) and user_has_device(user):
        return redirect(f"{reverse('accounts_second_factor')}?{request.GET.urlencode()}")
    device = SealedTOTPDevice.objects.filter(user=user, confirmed=False).order_by(
        "-pk"
    ).first() or SealedTOTPDevice.create_for(
        user, name=_("Authenticator app added on %(date)s") % {"date": timezone.localdate().isoformat()}
    )
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device = SealedTOTPDevice.objects.select_for_update().get(pk=device.pk)
            verified = device.verify_token(form.cleaned_data["code"])
            if verified:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                SealedTOTPDevice.objects.filter(user=user, confirmed=False).delete()
        if verified:
            otp_login(request, device)
            log_account(user, "accounts.device_added", data={"device": device.name})
            if not RecoveryCodeDevice.objects.filter(user=user, codes__isnull=False).exists():
                return show_new_recovery_codes(request, next_url(request))
            messages.success(request, _("Your new authenticator app is ready."))
            return redirect(next_url(request))
        form.add_error("code", _("This code does not match. Check the app's clock and try the next code."))
    context = {
        "form": form,
        "next": next_url(request),
        "qr_code": qr_data_uri(device.config_url),
        "secret": " ".join(device.base32_key[i : i + 4] for i in range(0, len(device.base32_key), 4)),
        "first_device": not user_has_device(user),
    }
    return TemplateResponse(request, "accounts/enrol.html", context)


def show_new_recovery_codes(request, continue_url):
    codes = RecoveryCodeDevice.new_codes_for(request.user)
    log_account(request.user, "accounts.recovery_codes")
    context = {"codes": codes, "continue_url": continue_url}
    return TemplateResponse(request, "accounts/recovery_codes.html", context)


@never_cache
def manage(request):
    """The account page's "Two-factor authentication and sessions"."""
    user = request.user
    recovery = RecoveryCodeDevice.objects.filter(user=user).first()
    context = {
        "devices": SealedTOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at"),
        "recovery_codes_left": recovery.remaining() if recovery else 0,
        "current_device": getattr(user, "otp_device", None),
    }
    return TemplateResponse(request, "accounts/manage.html", context)


@never_cache
def new_recovery_codes(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return show_new_recovery_codes(request, reverse("accounts_manage"))


@never_cache
def remove_device(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    device = get_object_or_404(SealedTOTPDevice, pk=pk, user=request.user, confirmed=True)
    if not SealedTOTPDevice.objects.filter(user=request.user, confirmed=True).exclude(pk=pk).exists():
        # Two-factor authentication is required: the last authenticator is replaced, not removed.
        raise PermissionDenied
    device.delete()
    log_account(
        request.user,
        "accounts.device_removed",
        data={"device": device.name},
    )
    messages.success(request, _("The authenticator app was removed."))
    return redirect("accounts_manage")


@never_cache
def sign_out_everywhere(request):
    """End every session of this account, this one included; unlocked inbox keys go with them."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = request.user
    log_account(user, "accounts.sign_out_everywhere")
    end_all_sessions(user)
    logout(request)
    response = redirect("wagtailadmin_login")
    response.delete_cookie(INBOX_KEY_COOKIE, path=f"/{settings.ADMIN_PATH}/", samesite="Strict")
    messages.success(request, _("You are signed out on every device."))
    return response
