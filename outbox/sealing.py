"""The outbox's own key: what a waiting mail says, and to whom, is not readable from a database dump alone.

The worker must be able to read it to send it, so the key comes from the settings (OUTBOX_SECRET_KEY,
else derived from SECRET_KEY), never from the database. Once a mail is sent or dropped, its sealed
message is wiped, so the exposure lasts only as long as the mail waits.
"""

import hashlib
import json

import nacl.exceptions
import nacl.secret
import nacl.utils
from django.conf import settings


def outbox_key():
    secret = getattr(settings, "OUTBOX_SECRET_KEY", "") or settings.SECRET_KEY
    return hashlib.blake2b(secret.encode(), person=b"pd-outbox-key", digest_size=32).digest()


def seal_message(message):
    return bytes(nacl.secret.SecretBox(outbox_key()).encrypt(json.dumps(message).encode()))


def open_message(sealed):
    try:
        return json.loads(nacl.secret.SecretBox(outbox_key()).decrypt(bytes(sealed)))
    except nacl.exceptions.CryptoError as error:
        raise ValueError("the outbox key has changed since this mail was queued") from error
