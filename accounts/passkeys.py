"""Passkeys (WebAuthn, django-otp-webauthn) as a second factor, never instead of the password.

The sign-in's second step offers a passkey first. Its ceremony asks for any passkey of this site
(discoverable credentials: no list of the account's passkeys is sent, which would tell whether the
username exists), and only then checks that the passkey belongs to the account whose password was
right in step 1 (accounts.signin). Every failure, of the password or of the passkey, gives the same
answer. The relying party ID is PASSKEY_RP_ID, else the host the request was made to (which
ALLOWED_HOSTS has vetted); the browser itself refuses a passkey on any other site.
"""

from django.conf import settings
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions as webauthn_errors
from django_otp_webauthn import views as webauthn
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.utils import get_credential_model
from webauthn.helpers.structs import ResidentKeyRequirement

from . import signin
from .audit import log_account

Passkey = get_credential_model()


def relying_party_id(request):
    configured = getattr(settings, "PASSKEY_RP_ID", "")
    if configured:
        return configured
    host = request.get_host()
    return host.rsplit(":", 1)[0] if not host.endswith("]") else host


class PasskeyHelper(WebAuthnHelper):
    def get_relying_party_domain(self):
        return relying_party_id(self.request)

    def get_allowed_origins(self):
        # The configured origins, and the one this request came to (its host vetted by ALLOWED_HOSTS).
        own = f"{self.request.scheme}://{self.request.get_host()}"
        return [*settings.OTP_WEBAUTHN_ALLOWED_ORIGINS, own]

    def create_credential(self, user, *args, **kwargs):
        passkey = super().create_credential(user, *args, **kwargs)
        passkey.name = _("Passkey added on %(date)s") % {"date": timezone.localdate().isoformat()}
        return passkey

    def get_discoverable_credentials_preference(self):
        # Step 2 asks for any passkey of this site without naming the account's: it must be discoverable.
        return ResidentKeyRequirement.REQUIRED


# Step 2 of signing in ----------------------------------------------------------------------------


class NoPendingSignIn(webauthn_errors.OTPWebAuthnApiError):
    status_code = 403
    code = "sign_in_first"
    default_detail = _("Sign in with your username and password first.")


class BeginPasskeySignIn(webauthn.BeginCredentialAuthenticationView):
    def check_can_authenticate(self):
        if signin.pending(self.request) is None:
            raise NoPendingSignIn()

    def get_user(self):
        return None  # never list the account's passkeys (see the module's docstring)


class CompletePasskeySignIn(webauthn.CompleteCredentialAuthenticationView):
    def check_can_authenticate(self):
        if signin.pending(self.request) is None:
            raise NoPendingSignIn()

    def get_user(self):
        return None

    def post(self, *args, **kwargs):
        request = self.request
        state = signin.pending(request)
        wait = signin.seconds_to_wait(state["username"])
        if wait:
            from .views import waiting_message

            return JsonResponse({"detail": waiting_message(wait), "code": "wait"}, status=429)
        account = signin.pending_user(state)
        try:
            ceremony = self.get_state()
            device = self.get_helper().authenticate_complete(user=None, state=ceremony, data=request.data)
        except Exception:  # noqa: BLE001 - any failure of the ceremony is a failed sign-in, told alike
            device = None
        if device is None or account is None or device.user_id != account.pk or not device.confirmed:
            signin.fail(request, state["username"], account)
            return JsonResponse(
                {"detail": str(signin.failure_message()), "code": "sign_in_failed"}, status=403
            )
        signin.finish(request, account, device)
        log_account(account, "accounts.second_factor")
        return JsonResponse({"id": device.pk, "redirect_url": self.get_success_url()})

    def get_success_url(self):
        return self.get_redirect_url() or f"/{settings.ADMIN_PATH}/"


# Adding a passkey from the account page ----------------------------------------------------------


class CompletePasskeyRegistration(webauthn.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            log_account(self.request.user, "accounts.passkey_added")
        return response


app_name = "otp_webauthn"  # the names django-otp-webauthn's template tags reverse
urlpatterns = [
    path(
        "registration/begin/",
        webauthn.BeginCredentialRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        CompletePasskeyRegistration.as_view(),
        name="credential-registration-complete",
    ),
    path("sign-in/begin/", BeginPasskeySignIn.as_view(), name="credential-authentication-begin"),
    path("sign-in/complete/", CompletePasskeySignIn.as_view(), name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
