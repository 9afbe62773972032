"""Inbox operations: create an inbox, give members its key, accept a submission, read it back.

All cryptography goes through `forms.vault`; this module decides what is sealed to which key.
"""

import hashlib
import json
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import vault
from .models import (
    Inbox,
    InboxKeyGrant,
    InboxKind,
    InboxSettings,
    InternalNote,
    MemberKey,
    SealedFile,
    Submission,
    random_code,
)

# Deadlines we promise (complaints: published promise; support: by urgency).
COMPLAINT_FIRST_RESPONSE = timedelta(days=15)
COMPLAINT_FULL_RESPONSE = timedelta(days=30)
FEEDBACK_FIRST_RESPONSE = timedelta(days=15)
SUPPORT_FULL_RESPONSE = timedelta(days=30)


class NoAccess(Exception):
    """This user holds no key to this inbox (or has not unlocked it in this session)."""


# Members and inbox keys ---------------------------------------------------------------------------


def ensure_member_key(user, password):
    """The member's key pair, created at their first login, protected by their password."""
    existing = MemberKey.objects.filter(user=user).first()
    if existing is not None:
        return existing
    protected = vault.new_member_key(password)
    return MemberKey.objects.create(
        user=user,
        public_key=protected.public_key,
        encrypted_private_key=protected.encrypted_private_key,
        salt=protected.salt,
        opslimit=protected.opslimit,
        memlimit=protected.memlimit,
    )


def change_member_password(user, old_password, new_password):
    """Re-encrypt the member's private key under the new password (their grants stay valid)."""
    member_key = MemberKey.objects.filter(user=user).first()
    if member_key is None:
        return
    private_key = vault.unlock_member_key(member_key, old_password)
    protected = vault.protect_private_key(private_key, new_password)
    member_key.encrypted_private_key = protected.encrypted_private_key
    member_key.salt = protected.salt
    member_key.opslimit = protected.opslimit
    member_key.memlimit = protected.memlimit
    member_key.save()


@transaction.atomic
def create_inbox(kind, members=()):
    """A new inbox key pair. Returns (inbox, recovery key text to show once and never store)."""
    public_key, private_key = vault.new_key_pair()
    inbox = Inbox.objects.create(kind=kind, public_key=public_key)
    recovery_public, recovery_private = vault.new_key_pair()
    InboxKeyGrant.objects.create(
        inbox=inbox, user=None, sealed_private_key=vault.grant(private_key, recovery_public)
    )
    for member_key in members:
        InboxKeyGrant.objects.create(
            inbox=inbox,
            user=member_key.user,
            sealed_private_key=vault.grant(private_key, member_key.public_key),
        )
    return inbox, vault.format_recovery_key(recovery_private)


def inbox_private_key(inbox, user, member_private_key):
    grant = InboxKeyGrant.objects.filter(inbox=inbox, user=user).first()
    if grant is None or member_private_key is None:
        raise NoAccess(inbox.kind)
    try:
        return vault.open_grant(member_private_key, grant.sealed_private_key)
    except vault.VaultError as error:
        raise NoAccess(inbox.kind) from error


def grant_access(inbox, granting_user, granting_private_key, new_member_key):
    """A member who holds the inbox key gives it to another member (who has a member key)."""
    private_key = inbox_private_key(inbox, granting_user, granting_private_key)
    grant, _created = InboxKeyGrant.objects.update_or_create(
        inbox=inbox,
        user=new_member_key.user,
        defaults={
            "sealed_private_key": vault.grant(private_key, new_member_key.public_key),
            "granted_by": granting_user,
        },
    )
    return grant


def recover_access(inbox, recovery_key_text, member_key, granted_by=None):
    """With the recovery key written down at creation, give the inbox key to a member again."""
    recovery_private = vault.parse_recovery_key(recovery_key_text)
    grant = InboxKeyGrant.objects.get(inbox=inbox, user=None)
    private_key = vault.open_grant(recovery_private, grant.sealed_private_key)
    InboxKeyGrant.objects.update_or_create(
        inbox=inbox,
        user=member_key.user,
        defaults={
            "sealed_private_key": vault.grant(private_key, member_key.public_key),
            "granted_by": granted_by,
        },
    )


# Receipts -----------------------------------------------------------------------------------------


def receipt_digest(receipt_code):
    """Only this digest is stored: the code (100 random bits) cannot be found back from it."""
    normalised = "".join(ch for ch in receipt_code.upper() if ch.isalnum())
    return hashlib.blake2b(normalised.encode(), person=b"pd-receipt-find", digest_size=32).hexdigest()


def receipt_message_key(receipt_code):
    normalised = "".join(ch for ch in receipt_code.upper() if ch.isalnum())
    return hashlib.blake2b(normalised.encode(), person=b"pd-receipt-msg", digest_size=32).digest()


def find_by_receipt(receipt_code):
    return (
        Submission.objects.filter(receipt_digest=receipt_digest(receipt_code)).select_related("inbox").first()
    )


def set_message_to_sender(submission, author, text):
    """A message the sender reads on the status page with their receipt code, and no one else can.

    Staff never know the receipt code, so they seal the message to the submission's reply key,
    whose private half is locked under a key derived from the receipt code.
    """
    submission.message_to_sender = vault.seal(submission.reply_public_key, text.encode())
    submission.save(update_fields=["message_to_sender", "updated_at"])
    add_note(submission, author, text)


def read_message_for_sender(submission, receipt_code):
    if not submission.message_to_sender:
        return ""
    reply_private = vault.unlock(receipt_message_key(receipt_code), submission.reply_private_locked)
    return vault.open_sealed(reply_private, submission.message_to_sender).decode()


# Accepting ----------------------------------------------------------------------------------------


def due_dates(kind, urgency, now):
    if kind == InboxKind.COMPLAINT:
        return now + COMPLAINT_FIRST_RESPONSE, now + COMPLAINT_FULL_RESPONSE
    if kind == InboxKind.FEEDBACK:
        return now + FEEDBACK_FIRST_RESPONSE, None
    deadlines = (
        InboxSettings.load()
    )  # support: the first contact is due by urgency, as set by the Secretariat
    return now + timedelta(hours=deadlines.first_contact_hours(urgency)), now + SUPPORT_FULL_RESPONSE


def seal_submission(
    inbox,
    answers,
    files,
    *,
    language,
    form_translation_key=None,
    programme="",
    urgency="",
    quarantine_reasons=(),
    submission_token_digest=None,
):
    """Seal everything the sender wrote and store it, in one transaction. Returns (submission, receipt code).

    `answers` maps the form's fixed field keys to values; `files` is a list of CheckedFile. Nothing
    here is logged, and nothing about the sender's connection is stored.
    """
    now = timezone.now()
    first_due, full_due = due_dates(inbox.kind, urgency, now)
    file_entries = []
    with transaction.atomic():
        for _attempt in range(5):
            receipt = random_code(5)  # 20 characters of base 32: 100 bits
            reply_public, reply_private = vault.new_key_pair()
            try:
                with transaction.atomic():
                    submission = Submission.objects.create(
                        inbox=inbox,
                        reference=f"{inbox.reference_prefix}-{random_code(2)}",
                        receipt_digest=receipt_digest(receipt),
                        language=language,
                        form_translation_key=form_translation_key,
                        programme=programme,
                        urgency=urgency,
                        quarantine_reasons=",".join(quarantine_reasons)[:200],
                        submission_token_digest=submission_token_digest,
                        sealed_answers=b"",
                        reply_public_key=reply_public,
                        reply_private_locked=vault.lock(receipt_message_key(receipt), reply_private),
                        created_at=now,
                        first_response_due=first_due,
                        full_response_due=full_due,
                    )
                break
            except IntegrityError:
                if (
                    submission_token_digest
                    and Submission.objects.filter(submission_token_digest=submission_token_digest).exists()
                ):
                    raise  # this form was sent already: the caller answers with that request
                continue
        else:  # pragma: no cover - 5 collisions of 40 random bits in a row
            raise RuntimeError("could not draw a unique reference")
        for checked in files:
            sealed = vault.seal(inbox.public_key, checked.data)
            sealed_file = SealedFile(submission=submission, sealed_size=len(sealed))
            sealed_file.blob.save("sealed", ContentFile(sealed), save=False)
            sealed_file.save()
            file_entries.append(
                {
                    "id": str(sealed_file.pk),
                    "name": checked.name,
                    "type": checked.content_type,
                    "size": len(checked.data),
                }
            )
        payload = json.dumps({"answers": answers, "files": file_entries}, ensure_ascii=False).encode()
        submission.sealed_answers = vault.seal(inbox.public_key, payload)
        submission.save(update_fields=["sealed_answers"])
    return submission, receipt


# Reading (members only) ---------------------------------------------------------------------------


def open_answers(submission, private_key):
    return json.loads(vault.open_sealed(private_key, submission.sealed_answers))


def open_file(sealed_file, private_key):
    with sealed_file.blob.open("rb") as handle:
        return vault.open_sealed(private_key, handle.read())


def add_note(submission, author, text):
    return InternalNote.objects.create(
        submission=submission,
        author=author,
        sealed_text=vault.seal(submission.inbox.public_key, text.encode()),
    )


def open_note(note, private_key):
    return vault.open_sealed(private_key, note.sealed_text).decode()
