"""A member's unlocked private key, held for their admin session only.

The key is stored in the session encrypted under a random key that lives only in the member's
cookie: neither the session store (database, Redis) nor the cookie alone can open it.
"""

import base64

from django.conf import settings

from . import vault

COOKIE_NAME = "inbox_key"
SESSION_KEY = "inbox_member_key"


def member_private_key(request):
    """The signed-in member's private key for this request, or None if it is not unlocked.

    Only once the session has passed the second factor (accounts/): the password alone opens nothing.
    """
    user = getattr(request, "user", None)
    if not (getattr(user, "is_verified", None) and user.is_verified()):
        return None
    cookie = request.COOKIES.get(COOKIE_NAME)
    blob = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not cookie or not blob:
        return None
    try:
        return vault.release_from_session(base64.urlsafe_b64decode(cookie), base64.b64decode(blob))
    except (vault.VaultError, ValueError):
        return None


class InboxKeySessionMiddleware:
    """Splits a member key unlocked at sign-in between the session and a cookie, and keeps the
    cookie no longer than the session: both end after SESSION_COOKIE_AGE without a request.

    The sign-in's first step (accounts.signin) sets `request.unlocked_member_key`, right password or
    wrong (a decoy then), so the answer is the same; nothing opens it before the second factor.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        unlocked = getattr(request, "unlocked_member_key", None)
        if unlocked is not None:
            cookie_key, blob = vault.hold_for_session(unlocked)
            request.session[SESSION_KEY] = base64.b64encode(blob).decode()
            set_key_cookie(response, base64.urlsafe_b64encode(cookie_key).decode())
        elif getattr(request, "drop_inbox_key_cookie", False):
            drop_key_cookie(response)
        elif COOKIE_NAME in request.COOKIES and hasattr(request, "session"):
            if request.session.get(SESSION_KEY):
                # Each request starts the idle time again, for the cookie as for the session.
                set_key_cookie(response, request.COOKIES[COOKIE_NAME])
            else:
                drop_key_cookie(response)  # its session has ended: the half it opened is gone
        return response


def key_cookie_path():
    return f"/{settings.ADMIN_PATH}/"


def set_key_cookie(response, value):
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=settings.SESSION_COOKIE_AGE,
        path=key_cookie_path(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def drop_key_cookie(response):
    response.delete_cookie(COOKIE_NAME, path=key_cookie_path(), samesite="Strict")
    return response
