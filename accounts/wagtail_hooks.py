from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def second_factor_urls():
    return [
        path("two-factor/set-up/", views.enrol, name="accounts_enrol"),
        path("two-factor/manage/", views.manage, name="accounts_manage"),
        path("two-factor/recovery-codes/", views.new_recovery_codes, name="accounts_new_recovery_codes"),
        path("two-factor/devices/<int:pk>/remove/", views.remove_device, name="accounts_remove_device"),
        path("two-factor/passkeys/<int:pk>/remove/", views.remove_passkey, name="accounts_remove_passkey"),
        path("sign-out-everywhere/", views.sign_out_everywhere, name="accounts_sign_out_everywhere"),
    ]


@hooks.register("register_account_menu_item")
def second_factor_account_item(request):
    return {
        "url": reverse("accounts_manage"),
        "label": _("Two-factor authentication and sessions"),
        "help_text": _("Passkeys, authenticator apps, recovery codes, and signing out everywhere."),
    }


@hooks.register("register_log_actions")
def account_log_actions(actions):
    actions.register_action("accounts.login", _("Sign in"), _("Signed in with the password"))
    actions.register_action(
        "accounts.login_failed", _("Failed sign-in"), _("Sign-in failed (wrong password or code)")
    )
    actions.register_action(
        "accounts.locked_out", _("Sign-in throttled"), _("Too many failed sign-ins: paused")
    )
    actions.register_action("accounts.second_factor", _("Second factor"), _("Second factor verified"))
    actions.register_action(
        "accounts.second_factor_failed", _("Failed second factor"), _("Wrong or reused second-factor code")
    )
    actions.register_action(
        "accounts.recovery_code_used", _("Recovery code used"), _("Signed in with a recovery code")
    )
    actions.register_action("accounts.device_added", _("Authenticator added"), _("Authenticator app added"))
    actions.register_action(
        "accounts.device_removed", _("Authenticator removed"), _("Authenticator app removed")
    )
    actions.register_action("accounts.passkey_added", _("Passkey added"), _("Passkey added"))
    actions.register_action("accounts.passkey_removed", _("Passkey removed"), _("Passkey removed"))
    actions.register_action(
        "accounts.owner_warned",
        _("Owner warned of failed sign-ins"),
        _("Mail sent to the owner after repeated failed sign-ins"),
    )
    actions.register_action("accounts.recovery_codes", _("New recovery codes"), _("New recovery codes made"))
    actions.register_action(
        "accounts.sign_out_everywhere", _("Sign out everywhere"), _("Signed out of every session")
    )
    actions.register_action("accounts.groups", _("Groups changed"), _("Group membership changed"))
    actions.register_action("accounts.permissions", _("Permissions changed"), _("Permissions changed"))
