"""Inbox operations: create an inbox, give members its key, take it back, rotate it, accept a
submission, read it back.

All cryptography goes through `forms.vault`; this module decides what is sealed to which key.
"""

import hashlib
import json
import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log

from . import vault
from .models import (
    Inbox,
    InboxKeyGrant,
    InboxKind,
    InboxSettings,
    InternalNote,
    MemberKey,
    RetiredInboxKey,
    SealedFile,
    Submission,
    random_code,
)

logger = logging.getLogger(__name__)

# Deadlines we promise (complaints: published promise; support: by urgency).
COMPLAINT_FIRST_RESPONSE = timedelta(days=15)
COMPLAINT_FULL_RESPONSE = timedelta(days=30)
FEEDBACK_FIRST_RESPONSE = timedelta(days=15)
SUPPORT_FULL_RESPONSE = timedelta(days=30)


class NoAccess(Exception):
    """This user holds no key to this inbox (or has not unlocked it in this session)."""


# Member keys --------------------------------------------------------------------------------------


def store_member_key(user, protected, member_key=None):
    """Save a wrapped member key pair (replacing the user's previous one, if given)."""
    member_key = member_key or MemberKey(user=user)
    member_key.public_key = protected.public_key
    member_key.encrypted_private_key = protected.encrypted_private_key
    member_key.salt = protected.salt
    member_key.opslimit = protected.opslimit
    member_key.memlimit = protected.memlimit
    member_key.pepper_id = protected.pepper_id
    member_key.save()
    return member_key


def ensure_member_key(user, password):
    """The member's key pair, created at their first login, protected by their password."""
    existing = MemberKey.objects.filter(user=user).first()
    if existing is not None:
        return existing
    return store_member_key(user, vault.new_member_key(password))


def log_on_inboxes(user, action, inbox_ids, **data):
    for inbox in Inbox.objects.filter(pk__in=inbox_ids):
        log(instance=inbox, action=action, data={"member": user.get_username(), **data})


@transaction.atomic
def renew_member_key(user, password, old_private_key=None):
    """A new key pair for this member, wrapped under `password`. Returns the new private key.

    Grants that the old private key opens are sealed again to the new key. Without the old key (a
    password reset), the member's grants stay sealed to a key nobody can open any more: they are
    stale, the member "needs access", and a colleague holding the inbox key gives it again.
    """
    member_key = MemberKey.objects.select_for_update().filter(user=user).first()
    new_public, new_private = vault.new_key_pair()
    resealed, stale = [], []
    for grant in InboxKeyGrant.objects.filter(user=user).select_for_update():
        try:
            if old_private_key is None:
                raise vault.VaultError("no old key")
            inbox_key = vault.open_grant(old_private_key, grant.sealed_private_key)
        except vault.VaultError:
            stale.append(grant.inbox_id)
            continue
        grant.sealed_private_key = vault.grant(inbox_key, new_public)
        grant.member_public_key = new_public
        grant.save(update_fields=["sealed_private_key", "member_public_key"])
        resealed.append(grant.inbox_id)
    store_member_key(user, vault.protect_private_key(new_private, password), member_key)
    fingerprint = vault.fingerprint(new_public)
    log_on_inboxes(user, "inbox.member_key", resealed, fingerprint=fingerprint)
    log_on_inboxes(user, "inbox.stale", stale, fingerprint=fingerprint)
    return new_private


def unlock_member_key_at_sign_in(user, password):
    """The member's private key, unlocked with the password they just signed in with.

    First sign-in: a new pair. Password reset (the stored key does not open with this password): a
    new pair, and their grants become stale. Wrapped under a pepper this server lacks: None, and
    nothing replaced. Otherwise the same pair, wrapped again if the server's pepper or limits
    changed since; any grant it cannot open is marked stale, so the Members list never claims a key
    that does not work.
    """
    member_key = ensure_member_key(user, password)
    if member_key.pepper_id not in vault.known_peppers():
        # Most likely a missing or mistyped INBOX_KEY_PEPPER: unlock nothing and replace nothing, so
        # that putting the pepper back restores access (README: "Pepper").
        logger.warning("member key of %s is wrapped under a pepper this server lacks", user.pk)
        return None
    try:
        private_key = vault.unlock_member_key(member_key, password)
    except vault.VaultError:
        return renew_member_key(user, password)
    if vault.needs_rewrap(member_key):
        store_member_key(user, vault.protect_private_key(private_key, password), member_key)
    for grant in InboxKeyGrant.objects.filter(user=user, member_public_key=bytes(member_key.public_key)):
        try:
            vault.open_grant(private_key, grant.sealed_private_key)
        except vault.VaultError:
            InboxKeyGrant.objects.filter(pk=grant.pk).update(member_public_key=None)
            log_on_inboxes(user, "inbox.stale", [grant.inbox_id], fingerprint=member_key.fingerprint)
    return private_key


def change_member_password(user, old_password, new_password):
    """A new member key pair at each password change; the grants move to it while the old key is open."""
    member_key = MemberKey.objects.filter(user=user).first()
    if member_key is None:
        return None
    try:
        old_private = vault.unlock_member_key(member_key, old_password)
    except vault.VaultError:
        old_private = None  # already unusable (e.g. its pepper is gone): as after a reset
    return renew_member_key(user, new_password, old_private)


def grant_state(grant, member_key):
    """ "holds" the current inbox key, "needs" it (stale or no grant), or "none" (no member key yet)."""
    if member_key is None:
        return "none"
    current = grant is not None and grant.member_public_key is not None
    if current and bytes(grant.member_public_key) == bytes(member_key.public_key):
        return "holds"
    return "needs"


# Inbox keys ---------------------------------------------------------------------------------------


def seal_key_to(inbox, inbox_key, member_key, granted_by=None):
    grant, _created = InboxKeyGrant.objects.update_or_create(
        inbox=inbox,
        user=member_key.user,
        defaults={
            "sealed_private_key": vault.grant(inbox_key, member_key.public_key),
            "member_public_key": bytes(member_key.public_key),
            "granted_by": granted_by,
        },
    )
    return grant


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
        seal_key_to(inbox, private_key, member_key)
    return inbox, vault.format_recovery_key(recovery_private)


def keyring_for(inbox, current_key):
    """The inbox's current private key and every earlier one (sealed to the current public key)."""
    older = [vault.open_sealed(current_key, retired.sealed_private_key) for retired in inbox.keyring.all()]
    return vault.KeyRing(current=bytes(current_key), older=older)


def inbox_private_key(inbox, user, member_private_key):
    """The inbox's keys (a `vault.KeyRing`; `bytes()` of it is the current key) for this member."""
    grant = InboxKeyGrant.objects.filter(inbox=inbox, user=user).first()
    if grant is None or member_private_key is None:
        raise NoAccess(inbox.kind)
    try:
        current = vault.open_grant(member_private_key, grant.sealed_private_key)
        if vault.public_key_of(current) != bytes(inbox.public_key):
            raise vault.VaultError("a grant of an earlier key")
        return keyring_for(inbox, current)
    except vault.VaultError as error:
        raise NoAccess(inbox.kind) from error


def grant_access(inbox, granting_user, granting_private_key, new_member_key):
    """A member who holds the inbox key gives it to another member (who has a member key)."""
    keys = inbox_private_key(inbox, granting_user, granting_private_key)
    grant = seal_key_to(inbox, keys.current, new_member_key, granted_by=granting_user)
    log(
        instance=inbox,
        action="inbox.grant",
        user=granting_user,
        data={"member": new_member_key.user.get_username(), "fingerprint": new_member_key.fingerprint},
    )
    return grant


def open_with_recovery_key(inbox, recovery_key_text):
    recovery_private = vault.parse_recovery_key(recovery_key_text)
    grant = InboxKeyGrant.objects.get(inbox=inbox, user=None)
    return keyring_for(inbox, vault.open_grant(recovery_private, grant.sealed_private_key))


def recover_access(inbox, recovery_key_text, member_key, granted_by=None):
    """With the recovery key written down at creation, give the inbox key to a member again."""
    keys = open_with_recovery_key(inbox, recovery_key_text)
    seal_key_to(inbox, keys.current, member_key, granted_by=granted_by)
    log(
        instance=inbox,
        action="inbox.recover",
        user=granted_by,
        data={"member": member_key.user.get_username(), "fingerprint": member_key.fingerprint},
    )


def revoke_grant(grant, reason, by=None):
    """Delete one member's grant at once, log it on the inbox, and ask for a new inbox key.

    The member may have kept a copy of the inbox key (a database backup and their password are
    enough): only a rotation keeps what arrives afterwards from them.
    """
    inbox = grant.inbox
    username = grant.user.get_username()
    grant.delete()
    Inbox.objects.filter(pk=inbox.pk, rotation_wanted_since=None).update(rotation_wanted_since=timezone.now())
    log(instance=inbox, action="inbox.revoke", user=by, data={"member": username, "reason": reason})


@transaction.atomic
def rotate_inbox_key(inbox, keys, rotated_by=None):
    """A new inbox key pair. Returns the new recovery key's text, to show once and never store.

    `keys` is the current KeyRing (opened by a member, or with the recovery key). The new private key
    is sealed to every member who holds the current key and still belongs to the inbox, and to a new
    recovery key; every earlier private key is sealed again to the new public key. Members whose
    grant was stale keep "needs access": a colleague gives it after comparing fingerprints.
    """
    inbox = Inbox.objects.select_for_update().get(pk=inbox.pk)
    if vault.public_key_of(keys.current) != bytes(inbox.public_key):
        raise NoAccess(inbox.kind)  # someone rotated meanwhile
    new_public, new_private = vault.new_key_pair()
    now = timezone.now()
    retired_on = {bytes(row.public_key): row.retired_at for row in inbox.keyring.all()}
    inbox.keyring.all().delete()
    # Oldest first, so that the keyring's order (newest first, by id) tries recent keys first.
    for old_private in [*reversed(keys.older), keys.current]:
        old_public = vault.public_key_of(old_private)
        RetiredInboxKey.objects.create(
            inbox=inbox,
            public_key=old_public,
            sealed_private_key=vault.seal(new_public, old_private),
            retired_at=retired_on.get(old_public, now),
        )
    holders = []
    for grant in inbox.grants.exclude(user=None).select_related("user", "user__member_key"):
        member_key = getattr(grant.user, "member_key", None)
        if grant_state(grant, member_key) == "holds" and is_entitled(grant.user, inbox):
            holders.append(member_key)
    inbox.grants.all().delete()
    recovery_public, recovery_private = vault.new_key_pair()
    InboxKeyGrant.objects.create(
        inbox=inbox, user=None, sealed_private_key=vault.grant(new_private, recovery_public)
    )
    for member_key in holders:
        seal_key_to(inbox, new_private, member_key, granted_by=rotated_by)
    old_fingerprint = inbox.key_fingerprint
    inbox.public_key = new_public
    inbox.key_created_at = now
    inbox.rotation_wanted_since = None
    inbox.save(update_fields=["public_key", "key_created_at", "rotation_wanted_since"])
    log(
        instance=inbox,
        action="inbox.rotate",
        user=rotated_by,
        data={
            "from": old_fingerprint,
            "to": vault.fingerprint(new_public),
            "members": sorted(key.user.get_username() for key in holders),
        },
    )
    return vault.format_recovery_key(recovery_private)


def is_entitled(user, inbox):
    """Active, and allowed into this inbox by a group (or a permission of their own) — not merely
    a superuser: superusers see metadata, never content, unless they are members."""
    if not user.is_active:
        return False
    codename = inbox.access_permission.split(".", 1)[1]
    user_model = type(user)
    return (
        user_model._default_manager.filter(pk=user.pk)
        .filter(
            Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label="forms")
            | Q(user_permissions__codename=codename, user_permissions__content_type__app_label="forms")
        )
        .exists()
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
