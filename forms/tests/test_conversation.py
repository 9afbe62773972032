"""The conversation with the sender: one sealed thread per request, reachable with the receipt code alone."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from forms.models import ConversationFile, ConversationMessage, Submission
from forms.retention import erase_submission
from outbox.models import OutgoingMail
from outbox.testing import deliver_outbox
from website.antispam import HONEYPOT_FIELD, TIME_TOKEN_FIELD

from .conftest import signed_in
from .senders import time_token
from .test_notifications import parts, send_support
from .test_submissions import MARKER, assert_marker_nowhere_at_rest

ADMIN = f"/{settings.ADMIN_PATH}"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def sender_writes(client, receipt, text, files=(), language="en", **extra):
    """The sender posts a message from the status page, as a person would (a while after opening it)."""
    data = {
        "receipt_code": receipt,
        "action": "conversation",
        "text": text,
        TIME_TOKEN_FIELD: time_token("inbox-conversation"),
        **extra,
    }
    if files:
        data["files"] = list(files)
    return client.post(f"/{language}/status/", data)


def status_page(client, receipt, language="en"):
    return client.post(f"/{language}/status/", {"receipt_code": receipt}).content.decode()


def evidence(marker=MARKER):
    return SimpleUploadedFile("evidence.txt", f"evidence {marker}".encode(), content_type="text/plain")


def admin_page(member, submission):
    return member.get(f"{ADMIN}/inboxes/support/{submission.pk}/").content.decode()


def member_replies(member, submission, text):
    return member.post(f"{ADMIN}/inboxes/support/{submission.pk}/conversation/", {"text": text})


def test_thread_round_trip_between_sender_and_member(client, inboxes, support_member):
    submission, receipt = send_support(client, "ar")
    response = sender_writes(
        client, receipt, "رسالة من المدافعة", files=[evidence("first-file")], language="ar"
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    content = response.content.decode()
    assert "رسالة من المدافعة" in content and "evidence.txt" in content

    member = signed_in(support_member)
    page = admin_page(member, submission)
    assert "Conversation with the sender" in page
    assert "رسالة من المدافعة" in page
    link = re.search(rf'href="({ADMIN}/inboxes/support/{submission.pk}/conversation/files/[^"]+)"', page)
    assert member.get(link.group(1)).content == b"evidence first-file"
    assert "has not been told anything" in page

    member_replies(member, submission, "Please send the court document.")
    page = admin_page(member, submission)
    assert "Last told to the sender" in page and "Please send the court document." in page

    thread = status_page(client, receipt, "ar")
    assert thread.index("رسالة من المدافعة") < thread.index("Please send the court document.")


def test_without_the_receipt_code_the_thread_is_unreadable(client, inboxes, support_member):
    submission, receipt = send_support(client, "en")
    sender_writes(client, receipt, f"secret {MARKER}")
    member_replies(signed_in(support_member), submission, f"reply {MARKER}")
    for message in ConversationMessage.objects.filter(submission=submission):
        assert MARKER.encode() not in bytes(message.sealed_for_inbox)
        assert MARKER.encode() not in bytes(message.sealed_for_sender)
    wrong = status_page(client, "AAAA-BBBB-CCCC-DDDD-EEEE")
    assert MARKER not in wrong


def test_an_empty_message_is_refused_with_a_reason_and_nothing_stored(client, inboxes):
    _submission, receipt = send_support(client, "fr")
    content = sender_writes(client, receipt, "   ", language="fr").content.decode()
    assert 'class="error-summary"' in content
    assert ConversationMessage.objects.count() == 0


def test_a_refused_file_says_why_and_keeps_the_typing(client, inboxes):
    _submission, receipt = send_support(client, "en")
    bad = SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03binary", content_type="application/octet-stream")
    content = sender_writes(client, receipt, "kept words", files=[bad]).content.decode()
    assert "tool.exe is not a file type we accept" in content
    assert "kept words" in content
    assert ConversationMessage.objects.count() == 0


def test_a_sender_message_tells_the_members_in_their_language_without_content(
    client, inboxes, smtp_server, support_member
):
    profile = UserProfile.get_for_user(support_member)
    profile.preferred_language = "fr"
    profile.save()
    submission, receipt = send_support(client, "ar")
    deliver_outbox()
    smtp_server.messages.clear()
    sender_writes(client, receipt, f"new words {MARKER}", files=[evidence()], language="ar")
    deliver_outbox()
    [notice] = [m for m in smtp_server.messages if m["To"] == "support-member@example.org"]
    text, html = parts(notice)
    assert submission.reference in notice["Subject"]
    assert f"/inboxes/support/{submission.pk}/" in text
    assert '<html lang="fr"' in html and 'lang="ar"' not in html
    assert MARKER not in notice.as_string() and "evidence.txt" not in notice.as_string()
    # Only members: the sender is not mailed about their own message.
    assert len(smtp_server.messages) == 1


def test_a_message_the_spam_layers_doubt_is_kept_but_held(client, inboxes, smtp_server, support_member):
    submission, receipt = send_support(client, "en")
    deliver_outbox()
    smtp_server.messages.clear()
    response = sender_writes(client, receipt, "filled by a bot?", **{HONEYPOT_FIELD: "x"})
    assert "Your message was sent" in response.content.decode()
    message = ConversationMessage.objects.get(submission=submission)
    assert message.is_held
    deliver_outbox()
    assert smtp_server.messages == []
    member = signed_in(support_member)
    page = admin_page(member, submission)
    assert "filled by a bot?" in page and "Held by the spam checks" in page
    # Never held unseen: the dashboard counts it as held and the held filter lists the request.
    held_list = member.get(f"{ADMIN}/inboxes/support/?held=only").content.decode()
    assert submission.reference in held_list and "Held for review" in held_list
    # A member judges it genuine: released, and the members are told (without content).
    release = f"{ADMIN}/inboxes/support/{submission.pk}/conversation/{message.pk}/release/"
    assert "Genuine: release this message" in page and release in page
    member.post(release)
    message.refresh_from_db()
    assert not message.is_held
    assert submission.reference not in member.get(f"{ADMIN}/inboxes/support/?held=only").content.decode()
    deliver_outbox()
    assert len(smtp_server.messages) == 1 and "filled by a bot?" not in str(smtp_server.messages[0])


def test_erasure_removes_the_thread_and_its_files(client, inboxes, support_member):
    submission, receipt = send_support(client, "en")
    sender_writes(client, receipt, "one", files=[evidence()])
    member_replies(signed_in(support_member), submission, "two")
    blobs = [Path(f.blob.path) for f in ConversationFile.objects.filter(message__submission=submission)]
    assert len(blobs) == 1 and blobs[0].exists()
    erase_submission(submission)
    assert not ConversationMessage.objects.exists()
    assert not ConversationFile.objects.exists()
    assert not blobs[0].exists()
    assert not OutgoingMail.objects.filter(about=f"submission:{submission.pk}").exists()


def test_marker_is_nowhere_at_rest_in_any_message_or_file(client, inboxes, support_member):
    before_tmp = set(os.listdir(tempfile.gettempdir()))
    submission, receipt = send_support(client, "en")
    sender_writes(client, receipt, f"sender {MARKER}", files=[evidence()])
    member = signed_in(support_member)
    member_replies(member, submission, f"staff {MARKER}")
    sender_writes(client, receipt, f"again {MARKER}", files=[evidence()])
    assert ConversationMessage.objects.filter(submission=submission).count() == 3
    assert ConversationFile.objects.count() == 2

    assert_marker_nowhere_at_rest(MARKER, before_tmp)

    page = admin_page(member, submission)
    assert f"sender {MARKER}" in page and f"staff {MARKER}" in page and f"again {MARKER}" in page
    thread = status_page(client, receipt)
    assert f"sender {MARKER}" in thread and f"staff {MARKER}" in thread and f"again {MARKER}" in thread


def test_a_member_without_the_key_cannot_reply(client, inboxes, complaints_member):
    submission, _receipt = send_support(client, "en")
    response = member_replies(signed_in(complaints_member), submission, "not mine")
    assert response.status_code in (302, 403)
    assert not ConversationMessage.objects.filter(submission=submission).exists()
    assert Submission.objects.filter(pk=submission.pk).exists()


def test_the_conversation_speaks_each_readers_language(client, inboxes, smtp_server, support_member):
    """Needs locale-pending/conversation.json merged into the catalogues."""
    profile = UserProfile.get_for_user(support_member)
    profile.preferred_language = "fr"
    profile.save()
    submission, receipt = send_support(client, "ar")
    deliver_outbox()
    smtp_server.messages.clear()
    content = sender_writes(client, receipt, "", files=[], language="ar").content.decode()
    assert "اكتب رسالة أو أضف ملفًا." in content
    content = sender_writes(client, receipt, "شكرا", language="ar").content.decode()
    assert "المحادثة مع فريقنا" in content and "أُرسلت رسالتك" in content
    deliver_outbox()
    [notice] = smtp_server.messages
    assert "a écrit à nouveau" in notice["Subject"]


def test_only_a_member_holding_the_key_may_release_a_held_message(client, inboxes, complaints_member):
    submission, receipt = send_support(client, "en")
    sender_writes(client, receipt, "doubted", **{HONEYPOT_FIELD: "x"})
    message = ConversationMessage.objects.get(submission=submission)
    release = f"{ADMIN}/inboxes/support/{submission.pk}/conversation/{message.pk}/release/"
    outsider = signed_in(complaints_member)
    refused = outsider.post(release)
    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message.
    assert refused.status_code == 403 or refused["Location"] == f"{ADMIN}/"
    assert outsider.get(release).status_code == 405
    message.refresh_from_db()
    assert message.is_held
    assert not ModelLogEntry.objects.filter(action="inbox.conversation_release").exists()
