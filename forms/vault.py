"""The one place where submissions are sealed and opened. Everything else calls these functions.

Keys (libsodium through PyNaCl; no primitive is hand-rolled):
- Each inbox has an X25519 key pair. Its public key is stored in clear: the web process seals every
  answer and file to it (`SealedBox`) and needs no secret to do so. Its private key is never stored in
  clear: only sealed to each member's public key and to a recovery key shown once at creation.
- Each member has an X25519 key pair. The private key is stored encrypted (`SecretBox`,
  XSalsa20-Poly1305) under a key derived from their password with argon2id (libsodium's *moderate*
  limits, about half a second on a small server) and, when the server holds a pepper
  (`INBOX_KEY_PEPPER`), mixed with it by keyed BLAKE2b, so a copy of the database alone is not enough
  to guess passwords offline. At login it is unlocked and kept for the session only, encrypted again
  under a random key that lives in their cookie; the session store alone (or a database dump)
  therefore opens nothing. A new pair is made at every password change.
- An inbox key is rotated: the earlier private keys are kept in a keyring sealed to the new public
  key (`KeyRing` opens whatever any of them sealed).
"""

import base64
import hashlib
import secrets
from dataclasses import dataclass, field

import nacl.exceptions
import nacl.pwhash
import nacl.utils
from django.conf import settings
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox

# What settings.INBOX_KEY_ARGON2 may name. "moderate" (3 passes, 256 MiB) is the default; tests use "min".
ARGON2_LIMITS = {
    "moderate": (nacl.pwhash.argon2id.OPSLIMIT_MODERATE, nacl.pwhash.argon2id.MEMLIMIT_MODERATE),
    "interactive": (nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE, nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE),
    "min": (nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN),
}


def argon2_limits():
    """(opslimit, memlimit) for wrapping a member key now."""
    return ARGON2_LIMITS[getattr(settings, "INBOX_KEY_ARGON2", "moderate")]


class VaultError(Exception):
    """A key or a sealed value could not be opened (wrong key, wrong password, tampered data)."""


# Sealing: needs only a public key -----------------------------------------------------------------


def new_key_pair():
    private = PrivateKey.generate()
    return bytes(private.public_key), bytes(private)


def seal(public_key: bytes, plaintext: bytes) -> bytes:
    """Seal to a public key: only the matching private key opens it (anonymous sender)."""
    return SealedBox(PublicKey(bytes(public_key))).encrypt(plaintext)


def open_sealed(private_key, sealed: bytes) -> bytes:
    """Open with one private key, or with whichever key of a `KeyRing` sealed it."""
    if isinstance(private_key, KeyRing):
        return private_key.open(sealed)
    try:
        return SealedBox(PrivateKey(bytes(private_key))).decrypt(bytes(sealed))
    except (nacl.exceptions.CryptoError, ValueError) as error:
        raise VaultError("cannot open this sealed value with this key") from error


# Symmetric boxes ----------------------------------------------------------------------------------


def lock(key: bytes, plaintext: bytes) -> bytes:
    return bytes(SecretBox(bytes(key)).encrypt(plaintext))


def unlock(key: bytes, ciphertext: bytes) -> bytes:
    try:
        return SecretBox(bytes(key)).decrypt(bytes(ciphertext))
    except (nacl.exceptions.CryptoError, ValueError) as error:
        raise VaultError("cannot unlock with this key") from error


def new_secret_key() -> bytes:
    return nacl.utils.random(SecretBox.KEY_SIZE)


def fingerprint(public_key: bytes) -> str:
    """A short, readable name of a public key, to compare aloud: 20 hex digits in groups of four."""
    digest = hashlib.blake2b(bytes(public_key), digest_size=10, person=b"pd-key-fpr").hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def public_key_of(private_key: bytes) -> bytes:
    return bytes(PrivateKey(bytes(private_key)).public_key)


# Member keys --------------------------------------------------------------------------------------
#
# Pepper: an optional secret from the server's environment, mixed into the key that wraps each member
# key. Each member key records which pepper wrapped it (a short id of the pepper, never the pepper), so
# a new pepper is taken up at each member's next sign-in while the previous one still opens (see
# settings.INBOX_KEY_PEPPER and INBOX_KEY_PREVIOUS_PEPPERS, and README "Setting up an inbox").


def pepper_id(pepper: str) -> str:
    if not pepper:
        return ""
    return hashlib.blake2b(pepper.encode(), digest_size=4, person=b"pd-pepper-id").hexdigest()


def current_pepper() -> str:
    return getattr(settings, "INBOX_KEY_PEPPER", "") or ""


def known_peppers() -> dict:
    """Every pepper this server can still unwrap with, by id ("" is no pepper)."""
    peppers = [current_pepper(), *getattr(settings, "INBOX_KEY_PREVIOUS_PEPPERS", ())]
    known = {pepper_id(pepper): pepper for pepper in peppers}
    known.setdefault("", "")
    return known


@dataclass
class EncryptedMemberKey:
    public_key: bytes
    encrypted_private_key: bytes
    salt: bytes
    opslimit: int
    memlimit: int
    pepper_id: str = field(default="")


def derive_password_key(password: str, salt: bytes, opslimit=None, memlimit=None, pepper=""):
    """argon2id of the password, then (with a pepper) keyed BLAKE2b: both are needed to unwrap."""
    default_ops, default_mem = argon2_limits()
    stretched = nacl.pwhash.argon2id.kdf(
        SecretBox.KEY_SIZE,
        password.encode("utf-8"),
        bytes(salt),
        opslimit=opslimit or default_ops,
        memlimit=memlimit or default_mem,
    )
    if not pepper:
        return stretched
    pepper_key = hashlib.blake2b(pepper.encode(), digest_size=32, person=b"pd-pepper-key").digest()
    return hashlib.blake2b(
        stretched, key=pepper_key, digest_size=SecretBox.KEY_SIZE, person=b"pd-member-wrap"
    ).digest()


def protect_private_key(private_key: bytes, password: str) -> EncryptedMemberKey:
    """Wrap a member's private key under their password, at today's limits and pepper."""
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    opslimit, memlimit = argon2_limits()
    pepper = current_pepper()
    key = derive_password_key(password, salt, opslimit, memlimit, pepper)
    return EncryptedMemberKey(
        public_key_of(private_key), lock(key, private_key), salt, opslimit, memlimit, pepper_id(pepper)
    )


def new_member_key(password: str) -> EncryptedMemberKey:
    _public, private = new_key_pair()
    return protect_private_key(private, password)


def unlock_member_key(member_key, password: str) -> bytes:
    """The member's private key, from their password (argon2id [+ pepper] → SecretBox)."""
    pepper = known_peppers().get(getattr(member_key, "pepper_id", "") or "")
    if pepper is None:
        raise VaultError("the pepper that wrapped this key is no longer configured")
    key = derive_password_key(password, member_key.salt, member_key.opslimit, member_key.memlimit, pepper)
    return unlock(key, member_key.encrypted_private_key)


def needs_rewrap(member_key) -> bool:
    """Wrapped under another pepper, or at lower limits, than this server uses now."""
    opslimit, memlimit = argon2_limits()
    return (
        (member_key.pepper_id or "") != pepper_id(current_pepper())
        or member_key.opslimit < opslimit
        or member_key.memlimit < memlimit
    )


# Inbox keys ---------------------------------------------------------------------------------------


def grant(inbox_private_key: bytes, member_public_key: bytes) -> bytes:
    """The inbox private key sealed to a member: what a member holding the key gives a new member."""
    return seal(member_public_key, bytes(inbox_private_key))


def open_grant(member_private_key: bytes, sealed_inbox_key: bytes) -> bytes:
    return open_sealed(member_private_key, sealed_inbox_key)


@dataclass
class KeyRing:
    """An inbox's current private key and the earlier ones (newest first), as a member opened them.

    `bytes(ring)` is the current key, so code written for one key keeps working for what it seals
    now; `open_sealed(ring, sealed)` tries the current key, then each earlier one. A sealed box
    names no recipient, and a wrong key fails at the MAC check (microseconds), so trying is cheap
    and nothing sealed by any path needs bookkeeping to stay readable after a rotation.
    """

    current: bytes
    older: list = field(default_factory=list)

    def __bytes__(self):
        return bytes(self.current)

    def open(self, sealed: bytes) -> bytes:
        for key in [self.current, *self.older]:
            try:
                return open_sealed(key, sealed)
            except VaultError:
                continue
        raise VaultError("no key of this inbox opens this sealed value")


# Recovery keys: shown once, written down, typed back --------------------------------------------


def format_recovery_key(private_key: bytes) -> str:
    text = base64.b32encode(private_key).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        key = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError as error:
        raise VaultError("not a recovery key") from error
    if len(key) != 32:
        raise VaultError("not a recovery key")
    return key


# Session holding of an unlocked member key --------------------------------------------------------


def hold_for_session(member_private_key: bytes):
    """(cookie key, session blob): the private key is readable only with both halves together."""
    cookie_key = new_secret_key()
    return cookie_key, lock(cookie_key, member_private_key)


def release_from_session(cookie_key: bytes, session_blob: bytes) -> bytes:
    return unlock(cookie_key, session_blob)


def random_token(nbytes=32) -> str:
    return secrets.token_urlsafe(nbytes)
