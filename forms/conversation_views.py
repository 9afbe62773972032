"""The members' side of the conversation in the admin: write a reply, download a file the sender sent."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from .admin_views import inbox_for, private_key_or_none, sealed_file_download, submission_with_key
from .conversation import (
    MAX_MESSAGE_LENGTH,
    add_staff_reply,
    member_thread,
    open_conversation_file,
    queue_sender_message_notifications,
)
from .models import ConversationFile, ConversationMessage, Submission


@never_cache
@require_POST
def reply(request, kind, pk):
    """A member who holds the inbox key writes to the sender (who reads it with the receipt code)."""
    inbox = inbox_for(request, kind)
    submission = get_object_or_404(Submission, pk=pk, inbox=inbox)
    if private_key_or_none(request, inbox) is None:
        raise PermissionDenied
    text = request.POST.get("text", "").strip()
    if not text:
        messages.error(request, _("Write a reply before sending it."))
    elif len(text) > MAX_MESSAGE_LENGTH:
        # Refused whole, never cut: a reply to a person at risk must arrive as it was written.
        messages.error(
            request,
            _("The reply is longer than %(count)s characters; shorten it.") % {"count": MAX_MESSAGE_LENGTH},
        )
    else:
        add_staff_reply(submission, request.user, text)
        log(instance=submission, action="inbox.conversation_reply", user=request.user)
        messages.success(request, _("Reply sent. The sender reads it with their receipt code."))
    return redirect("inbox_submission", kind=inbox.kind, pk=submission.pk)


@never_cache
def download(request, kind, pk, file_id):
    submission, private_key = submission_with_key(request, kind, pk)
    sealed_file = get_object_or_404(ConversationFile, pk=file_id, message__submission=submission)
    listed = {
        f["id"] for _message, payload in member_thread(submission, private_key) for f in payload["files"]
    }
    if str(file_id) not in listed:
        raise Http404
    return sealed_file_download(
        request, submission, file_id, open_conversation_file(sealed_file, private_key)
    )


@never_cache
@require_POST
def release(request, kind, pk, message_id):
    """A member judged a message the spam checks held genuine: it counts as new, and members are told."""
    submission, _private_key = submission_with_key(request, kind, pk)
    message = get_object_or_404(ConversationMessage, pk=message_id, submission=submission)
    if message.is_held:
        message.quarantine_reasons = ""
        message.save(update_fields=["quarantine_reasons"])
        log(instance=submission, action="inbox.conversation_release", user=request.user)
        if not submission.is_quarantined:
            queue_sender_message_notifications(submission)
        messages.success(request, _("The message is released; the members are told a message arrived."))
    return redirect("inbox_submission", kind=kind, pk=submission.pk)
