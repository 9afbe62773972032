"""Django's database sessions, with keys that carry our signature.

The page cache renders a page afresh for anyone with a session (editors see their own view of it), so
a made-up session cookie must not count: a key we issue ends with an HMAC of the rest, under
SECRET_KEY, and `is_signed_session_key` tells a made-up one apart without any lookup. Only a key that
carries the signature is looked up (`SessionStore.is_live`). Sessions keep working as Django's do:
the signature adds nothing to what a key grants, the database row does.
"""

import hmac

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone
from django.utils.crypto import get_random_string, salted_hmac

KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"
RANDOM_LENGTH = 24  # about 124 bits
SIGNATURE_LENGTH = 16  # about 83 bits; with the random part, Django's 40 characters for a key
SALT = "website.sessions.key"


def to_base36(data, length):
    number = int.from_bytes(data, "big")
    chars = []
    for _ in range(length):
        number, remainder = divmod(number, 36)
        chars.append(KEY_CHARS[remainder])
    return "".join(chars)


def signature(random_part, secret=None):
    digest = salted_hmac(SALT, random_part, secret=secret, algorithm="sha256").digest()
    return to_base36(digest, SIGNATURE_LENGTH)


def is_signed_session_key(key):
    """Whether `key` was made by this site (under SECRET_KEY or one of its fallbacks)."""
    if len(key) != RANDOM_LENGTH + SIGNATURE_LENGTH:
        return False
    random_part, given = key[:RANDOM_LENGTH], key[RANDOM_LENGTH:]
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(hmac.compare_digest(given, signature(random_part, secret)) for secret in secrets)


class SessionStore(DatabaseSessionStore):
    def _get_new_session_key(self):
        while True:
            random_part = get_random_string(RANDOM_LENGTH, KEY_CHARS)
            key = random_part + signature(random_part)
            if not self.exists(key):
                return key

    @classmethod
    def is_live(cls, key):
        """Whether a session with this key exists and has not expired (one query)."""
        model = cls.get_model_class()
        return model.objects.filter(session_key=key, expire_date__gt=timezone.now()).exists()
