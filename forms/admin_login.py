"""The admin sign-in form's first step: check the password, and unlock the member's inbox key with it.

It never says whether the password was right (see accounts.signin): a right and a wrong password
cost the same work and lead to the same second step, where only the outcome is told.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from wagtail.admin.forms.auth import LoginForm

from . import vault
from .inboxes import unlock_member_key_at_sign_in

# A fixed salt for the derivation a wrong password pays for: only its cost matters.
DUMMY_SALT = bytes(16)


def pay_for_a_wrong_password(password):
    """The argon2id derivation a right password costs (unlocking the member key), done for nothing."""
    vault.derive_password_key(password, DUMMY_SALT)


def check_password_evenly(username, password):
    """(user, unlocked member key) for a right password of an active account, else (None, None).

    Either way it costs one password hash and one argon2id derivation of the member-key wrapping's
    cost, so the time taken does not tell a right password from a wrong one or an unknown name.
    (Two events cost more, once each: a member's first sign-in, which makes their key pair, and the
    first sign-in after the password hasher's costs changed, which re-makes the hash.)
    """
    model = get_user_model()
    user = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
    if user is None:
        make_password(password)  # what checking a real hash costs (as Django's ModelBackend does)
        right = False
    else:
        right = user.check_password(password) and user.is_active
    if not right:
        pay_for_a_wrong_password(password)
        return None, None
    return user, unlock_member_key_at_sign_in(user, password)


class InboxUnlockingLoginForm(LoginForm):
    """Username and password, checked with the same work whatever the outcome.

    `clean()` does not raise for a wrong password or an unknown username: it leaves the result in
    `password_user` (the user, or None) and `unlocked_member_key`, for the second step to act on.
    """

    password_user = None
    unlocked_member_key = None

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self.password_user, self.unlocked_member_key = check_password_evenly(username, password)
        return self.cleaned_data

    def get_user(self):
        return self.password_user
