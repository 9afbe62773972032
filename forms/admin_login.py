"""The admin sign-in form, which also unlocks the member's inbox key with the password just typed."""

from wagtail.admin.forms.auth import LoginForm

from .inboxes import unlock_member_key_at_sign_in


class InboxUnlockingLoginForm(LoginForm):
    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        password = cleaned_data.get("password")
        if user is not None and password:
            # Picked up by InboxKeySessionMiddleware once the login has succeeded. After a password
            # reset the old key cannot be opened: a new one is made and the member "needs access".
            self.request.unlocked_member_key = unlock_member_key_at_sign_in(user, password)
        return cleaned_data
