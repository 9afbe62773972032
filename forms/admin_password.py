"""Changing a password in the admin also re-encrypts the member's inbox key under the new one."""

from wagtail.admin.forms.auth import PasswordChangeForm

from .inboxes import change_member_password


class InboxKeyPasswordChangeForm(PasswordChangeForm):
    def save(self, commit=True):
        change_member_password(
            self.user, self.cleaned_data["old_password"], self.cleaned_data["new_password1"]
        )
        return super().save(commit=commit)


def use_inbox_key_password_form():
    """Workaround for an upstream gap: Wagtail lets a project replace the login form by a setting
    (WAGTAILADMIN_USER_LOGIN_FORM) but not the account page's password form, so the panel's form
    class is swapped here. Guarded: if Wagtail changes the panel, start-up fails loudly instead of
    silently skipping the re-encryption."""
    from wagtail.admin.views import account

    panel = getattr(account, "ChangePasswordPanel", None)
    if panel is None or panel.form_class not in (PasswordChangeForm, InboxKeyPasswordChangeForm):
        raise RuntimeError("Wagtail's ChangePasswordPanel changed: review forms.admin_password")
    panel.form_class = InboxKeyPasswordChangeForm
