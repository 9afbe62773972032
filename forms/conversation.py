"""The conversation between a request's sender and the inbox's members, reachable with the receipt alone.

As in GlobaLeaks and SecureDrop, one thread per request. Every message is one JSON payload
({"text": ..., "files": [{"id", "name", "type", "size"}]}) sealed twice: to the inbox key, so that
members read it, and to the submission's reply key, whose private half only the receipt code unlocks,
so that the sender reads the whole thread (their own messages too) on the status page. Files are
sealed to the inbox key only: the sender already has them. Nothing here logs or mails content.
"""

import json

from django import forms
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from website.antispam import SpamDefence

from . import vault
from .inboxes import receipt_message_key
from .models import ConversationAuthor, ConversationFile, ConversationMessage
from .notifications import admin_link, inbox_members, mail_member, staff_language
from .questions import EvidenceField, InboxForm

SENDER_MESSAGE = "sender-message"
MAX_MESSAGE_LENGTH = 10000
# The spam layers' name for this form: its own daily rate limit and time tokens.
SPAM_FORM_NAME = "inbox-conversation"


class SenderMessageForm(InboxForm):
    """What the sender adds on the status page: some words, files, or both."""

    text = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    files = EvidenceField(label=_("Documents or evidence"))

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("text", "").strip() and not cleaned.get("files"):
            self.add_error("text", _("Write a message or add a file."))
        return cleaned


def spam_defence(request):
    # No CAPTCHA: only someone who holds a receipt code (100 random bits) ever sees this form.
    return SpamDefence(request, form_name=SPAM_FORM_NAME)


# Writing ------------------------------------------------------------------------------------------


def seal_payload(submission, payload):
    data = json.dumps(payload, ensure_ascii=False).encode()
    return vault.seal(submission.inbox.public_key, data), vault.seal(submission.reply_public_key, data)


def add_sender_message(submission, text, files=(), quarantine_reasons=()):
    """Store the sender's message and files, sealed, and tell the members (without content) unless held."""
    with transaction.atomic():
        message = ConversationMessage(
            submission=submission,
            author_kind=ConversationAuthor.SENDER,
            quarantine_reasons=",".join(quarantine_reasons)[:200],
        )
        entries = []
        for checked in files:
            sealed = vault.seal(submission.inbox.public_key, checked.data)
            sealed_file = ConversationFile(message=message, sealed_size=len(sealed))
            entries.append((sealed_file, sealed, checked))
        payload = {
            "text": text,
            "files": [
                {"id": str(f.pk), "name": c.name, "type": c.content_type, "size": len(c.data)}
                for f, _sealed, c in entries
            ],
        }
        message.sealed_for_inbox, message.sealed_for_sender = seal_payload(submission, payload)
        message.save()
        for sealed_file, sealed, _checked in entries:
            sealed_file.blob.save("sealed", ContentFile(sealed), save=False)
            sealed_file.save()
        if not message.is_held and not submission.is_quarantined:
            queue_sender_message_notifications(submission)
    return message


def add_staff_reply(submission, user, text):
    """A member's reply: readable by the sender with the receipt code, and by the inbox's members."""
    message = ConversationMessage(
        submission=submission, author_kind=ConversationAuthor.STAFF, staff_user=user
    )
    message.sealed_for_inbox, message.sealed_for_sender = seal_payload(
        submission, {"text": text, "files": []}
    )
    message.save()
    return message


def queue_sender_message_notifications(submission):
    """One mail per member, in their admin language: a new message arrived on this request, and a link."""
    link = admin_link(submission)
    mails = []
    for user in inbox_members(submission.inbox):
        context = {"submission": submission, "inbox": submission.inbox, "link": link}
        mails.append(
            mail_member(
                user, submission, "sender_message", context, staff_language(user), purpose=SENDER_MESSAGE
            )
        )
    return mails


# Reading ------------------------------------------------------------------------------------------


def sender_thread(submission, receipt_code):
    """The whole thread as the sender sees it: (message, payload) in order. Needs the receipt code."""
    reply_private = vault.unlock(receipt_message_key(receipt_code), submission.reply_private_locked)
    return [
        (message, json.loads(vault.open_sealed(reply_private, message.sealed_for_sender)))
        for message in submission.conversation.all()
    ]


def member_thread(submission, private_key):
    """The whole thread as a member sees it, with the inbox's private key."""
    return [
        (message, json.loads(vault.open_sealed(private_key, message.sealed_for_inbox)))
        for message in submission.conversation.select_related("staff_user")
    ]


def admin_context(submission, private_key):
    """For forms/admin/conversation.html: the thread, and what the sender was last told."""
    thread = member_thread(submission, private_key)
    staff = [(m, p) for m, p in thread if m.author_kind == ConversationAuthor.STAFF]
    return {"conversation": thread, "last_told": staff[-1] if staff else None}


def open_conversation_file(sealed_file, private_key):
    with sealed_file.blob.open("rb") as handle:
        return vault.open_sealed(private_key, handle.read())


# Status page --------------------------------------------------------------------------------------


def status_page_context(request, submission, receipt_code):
    """The thread and the sender's message form on the status page; takes a posted message first.

    Called once the receipt code has found the submission. A message the spam layers doubt is kept
    (held, without notification), never refused: the sender sees it in the thread all the same.
    """
    context = {"receipt_code": receipt_code, "spam_defence": spam_defence(request)}
    if request.POST.get("action") == "conversation":
        form = SenderMessageForm(
            request.POST, request.FILES, upload_refusals=getattr(request, "upload_refusals", ())
        )
        if form.is_valid():
            reasons = context["spam_defence"].check(request.POST)
            add_sender_message(
                submission, form.cleaned_data["text"].strip(), form.cleaned_data["files"] or [], reasons
            )
            context["message_sent"] = True
            form = SenderMessageForm()
    else:
        form = SenderMessageForm()
    context["message_form"] = form
    context["conversation"] = sender_thread(submission, receipt_code)
    return context


# Erasure ------------------------------------------------------------------------------------------


def erase_conversation_files(submission):
    """Delete the thread's sealed files from private storage; the rows go with the submission (CASCADE)."""
    for sealed_file in ConversationFile.objects.filter(message__submission=submission):
        sealed_file.delete()
