"""Second-factor secrets are stored encrypted under a key that is not in the database.

The key comes from the OTP_SECRET_KEY setting (an environment variable in production) or, when it is
not set, is derived from SECRET_KEY with a personalisation of its own. A database dump alone
therefore yields no TOTP secret and no recovery code. Changing the key invalidates every enrolled
authenticator and recovery code: staff then enrol again at their next sign-in.
"""

import hashlib

import nacl.exceptions
from django.conf import settings
from nacl.secret import SecretBox


def _secret_key():
    source = getattr(settings, "OTP_SECRET_KEY", "") or settings.SECRET_KEY
    return hashlib.blake2b(source.encode(), person=b"pd-otp-secrets", digest_size=SecretBox.KEY_SIZE).digest()


def seal_secret(secret: bytes) -> bytes:
    return bytes(SecretBox(_secret_key()).encrypt(secret))


def open_secret(sealed: bytes) -> bytes | None:
    """The secret, or None if it was sealed under another key (OTP_SECRET_KEY changed)."""
    try:
        return SecretBox(_secret_key()).decrypt(bytes(sealed))
    except (nacl.exceptions.CryptoError, ValueError):
        return None


def recovery_code_digest(code: str) -> str:
    """A keyed digest of a recovery code: the codes themselves are never stored."""
    normalised = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.blake2b(
        normalised.encode(), key=_secret_key(), person=b"pd-recovery-code", digest_size=32
    ).hexdigest()
