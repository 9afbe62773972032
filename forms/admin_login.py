"""The admin sign-in form, which also unlocks the member's inbox key with the password just typed."""

from wagtail.admin.forms.auth import LoginForm

from . import vault
from .inboxes import ensure_member_key


class InboxUnlockingLoginForm(LoginForm):
    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        password = cleaned_data.get("password")
        if user is not None and password:
            member_key = ensure_member_key(user, password)
            try:
                # Picked up by InboxKeySessionMiddleware once the login has succeeded.
                self.request.unlocked_member_key = vault.unlock_member_key(member_key, password)
            except vault.VaultError:
                # The password was reset without the old one: the old key is lost; staff holding
                # the inbox key (or the recovery key) must grant it again to a new member key.
                member_key.delete()
                member_key = ensure_member_key(user, password)
                self.request.unlocked_member_key = vault.unlock_member_key(member_key, password)
        return cleaned_data
