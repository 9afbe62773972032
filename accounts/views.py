"""Second-factor pages: verify at sign-in, enrol at first sign-in, manage from the account page."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import user_has_device
from wagtail.admin.views.account import LoginView, get_user_login_form, password_reset_enabled

from forms.session_keys import drop_key_cookie

from . import signin
from .audit import log_account
from .forms import EnrolForm, SecondFactorForm
from .middleware import is_verified
from .models import RecoveryCodeDevice, SealedTOTPDevice
from .passkeys import Passkey
from .qr import qr_data_uri
from .sessions import end_all_sessions
from .throttling import locked_out


def next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


class SignInView(LoginView):
    """Step 1: username and password. Right or wrong, it leads to step 2 (see accounts.signin)."""

    template_name = "accounts/sign_in.html"

    @method_decorator(sensitive_post_parameters("password"))
    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if username and not AxesProxyHandler.is_allowed(request, {"username": username}):
            return locked_out(request, credentials={"username": username})
        wait = signin.seconds_to_wait(username) if username else 0
        if wait:
            form = form_saying(self.get_form_class()(request), waiting_message(wait))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        signin.start(
            self.request, form.cleaned_data["username"], form.password_user, form.unlocked_member_key
        )
        return redirect(f"{reverse('accounts_second_factor')}?{urlencode({'next': self.get_success_url()})}")


def form_saying(form, message):
    """An empty sign-in form that shows this message (nothing typed is sent back)."""
    form.cleaned_data = {}
    form.add_error(None, message)
    return form


def waiting_message(seconds):
    return ngettext(
        "This account had several failed sign-ins: wait %(seconds)s second and try again.",
        "This account had several failed sign-ins: wait %(seconds)s seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def sign_in_failed(request, username, user=None):
    """Every failure of step 2 looks the same: the sign-in page again, saying so."""
    signin.fail(request, username, user)
    form = form_saying(get_user_login_form()(request), signin.failure_message())
    context = {
        "form": form,
        "next": next_url(request),
        "show_password_reset": password_reset_enabled(),
        "username_field": get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).verbose_name,
    }
    return TemplateResponse(request, "accounts/sign_in.html", context)


def verify_code(user, code):
    """The device among the user's authenticators and recovery codes that accepts this code, if any."""
    with transaction.atomic():
        if code.isdigit():
            candidates = list(
                SealedTOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
            )
        else:
            candidates = list(RecoveryCodeDevice.objects.filter(user=user).select_for_update())
        return next((device for device in candidates if code and device.verify_token(code)), None)


def signed_in(request, user, device):
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


@never_cache
@sensitive_post_parameters("code")
def second_factor(request):
    """Step 2: a passkey, a code from the authenticator app, or a recovery code.

    Only here is the sign-in's outcome told, and every failure alike (accounts.signin).
    """
    user = request.user
    if is_verified(user):
        return redirect(next_url(request))
    if user.is_authenticated:
        return half_signed_in_second_factor(request)
    state = signin.pending(request)
    if state is None:
        return redirect(signin.login_url(next_url(request)))
    username = state["username"]
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST":
        if not AxesProxyHandler.is_allowed(request, {"username": username}):
            return locked_out(request, credentials={"username": username})
        wait = signin.seconds_to_wait(username)
        if wait:
            # Failures since step 1 (tries made side by side): the same delay before this one is judged.
            form = form_saying(SecondFactorForm(), waiting_message(wait))
            context = {"form": form, "next": next_url(request)}
            return TemplateResponse(request, "accounts/second_factor.html", context, status=429)
        if form.is_valid():
            account = signin.pending_user(state)
            code = form.cleaned_data["code"]
            if account is not None and not user_has_device(account):
                # First sign-in: a right password, and no second factor yet to ask for.
                signin.finish(request, account, None)
                return redirect(f"{reverse('accounts_enrol')}?{urlencode({'next': next_url(request)})}")
            device = verify_code(account, code) if account is not None else None
            if device is None:
                return sign_in_failed(request, username, account)
            signin.finish(request, account, device)
            signed_in(request, account, device)
            return redirect(next_url(request))
    return TemplateResponse(request, "accounts/second_factor.html", {"form": form, "next": next_url(request)})


def half_signed_in_second_factor(request):
    """A session signed in with the password alone (kept for sessions started by `force_login` in
    tests, and for an account that has just enrolled): the code for request.user."""
    user = request.user
    if not user_has_device(user):
        return redirect(f"{reverse('accounts_enrol')}?{request.GET.urlencode()}")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_code(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            signed_in(request, user, device)
            return redirect(next_url(request))
        log_account(user, "accounts.second_factor_failed")
        form.add_error("code", _("This code is not valid, or was already used. Try the next one."))
    return TemplateResponse(request, "accounts/second_factor.html", {"form": form, "next": next_url(request)})


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
        "passkeys": Passkey.objects.filter(user=user, confirmed=True).order_by("created_at"),
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


def second_factors_left(user, without):
    """Authenticator apps and passkeys the user would keep without this one (recovery codes aside)."""
    apps = SealedTOTPDevice.objects.filter(user=user, confirmed=True)
    keys = Passkey.objects.filter(user=user, confirmed=True)
    if isinstance(without, SealedTOTPDevice):
        apps = apps.exclude(pk=without.pk)
    else:
        keys = keys.exclude(pk=without.pk)
    return apps.count() + keys.count()


@never_cache
def remove_device(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    device = get_object_or_404(SealedTOTPDevice, pk=pk, user=request.user, confirmed=True)
    if second_factors_left(request.user, without=device) == 0:
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
def remove_passkey(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    passkey = get_object_or_404(Passkey, pk=pk, user=request.user)
    if second_factors_left(request.user, without=passkey) == 0:
        raise PermissionDenied
    passkey.delete()
    log_account(request.user, "accounts.passkey_removed", data={"device": passkey.name})
    messages.success(request, _("The passkey was removed."))
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
    response = drop_key_cookie(redirect("wagtailadmin_login"))
    request.drop_inbox_key_cookie = True
    messages.success(request, _("You are signed out on every device."))
    return response
