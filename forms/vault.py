"""The one place where submissions are sealed and opened. Everything else calls these functions.

Keys (libsodium through PyNaCl; no primitive is hand-rolled):
- Each inbox has an X25519 key pair. Its public key is stored in clear: the web process seals every
  answer and file to it (`SealedBox`) and needs no secret to do so. Its private key is never stored in
  clear: only sealed to each member's public key and to a recovery key shown once at creation.
- Each member has an X25519 key pair. The private key is stored encrypted (`SecretBox`,
  XSalsa20-Poly1305) under a key derived from their password with argon2id. At login it is unlocked
  and kept for the session only, encrypted again under a random key that lives in their cookie; the
  session store alone (or a database dump) therefore opens nothing.
"""

import base64
import secrets
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox

ARGON2_OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE
ARGON2_MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE


class VaultError(Exception):
    """A key or a sealed value could not be opened (wrong key, wrong password, tampered data)."""


# Sealing: needs only a public key -----------------------------------------------------------------


def new_key_pair():
    private = PrivateKey.generate()
    return bytes(private.public_key), bytes(private)


def seal(public_key: bytes, plaintext: bytes) -> bytes:
    """Seal to a public key: only the matching private key opens it (anonymous sender)."""
    return SealedBox(PublicKey(bytes(public_key))).encrypt(plaintext)


def open_sealed(private_key: bytes, sealed: bytes) -> bytes:
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


# Member keys --------------------------------------------------------------------------------------


@dataclass
class EncryptedMemberKey:
    public_key: bytes
    encrypted_private_key: bytes
    salt: bytes
    opslimit: int
    memlimit: int


def derive_password_key(password: str, salt: bytes, opslimit=ARGON2_OPSLIMIT, memlimit=ARGON2_MEMLIMIT):
    return nacl.pwhash.argon2id.kdf(
        SecretBox.KEY_SIZE, password.encode("utf-8"), bytes(salt), opslimit=opslimit, memlimit=memlimit
    )


def protect_private_key(private_key: bytes, password: str) -> EncryptedMemberKey:
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    key = derive_password_key(password, salt)
    public_key = bytes(PrivateKey(private_key).public_key)
    return EncryptedMemberKey(public_key, lock(key, private_key), salt, ARGON2_OPSLIMIT, ARGON2_MEMLIMIT)


def new_member_key(password: str) -> EncryptedMemberKey:
    _public, private = new_key_pair()
    return protect_private_key(private, password)


def unlock_member_key(member_key, password: str) -> bytes:
    """The member's private key, from their password (argon2id → SecretBox)."""
    key = derive_password_key(password, member_key.salt, member_key.opslimit, member_key.memlimit)
    return unlock(key, member_key.encrypted_private_key)


# Inbox keys ---------------------------------------------------------------------------------------


def grant(inbox_private_key: bytes, member_public_key: bytes) -> bytes:
    """The inbox private key sealed to a member: what a member holding the key gives a new member."""
    return seal(member_public_key, inbox_private_key)


def open_grant(member_private_key: bytes, sealed_inbox_key: bytes) -> bytes:
    return open_sealed(member_private_key, sealed_inbox_key)


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
