"""The inboxes in Wagtail's admin: list, read (decrypting with the member's session key), act, export."""

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from wagtail.log_actions import log
from wagtail.models import Locale, Page

from outbox.models import OutgoingMail
from website.csv_safety import spreadsheet_safe

from .conversation import admin_context as conversation_admin_context
from .handling import inbox_staff, set_assignee, set_status
from .inboxes import (
    NoAccess,
    add_note,
    grant_access,
    grant_state,
    inbox_private_key,
    is_entitled,
    open_answers,
    open_file,
    open_note,
    rotate_inbox_key,
    set_message_to_sender,
)
from .models import (
    Inbox,
    InboxKeyGrant,
    InboxKind,
    MemberKey,
    Submission,
    SubmissionStatus,
)
from .notifications import about, queue_acknowledgement, queue_staff_notifications
from .questions import ComplaintForm, FeedbackForm, SupportRequestForm
from .retention import erase_submission
from .session_keys import member_private_key

FORMS_BY_KIND = {
    InboxKind.SUPPORT: SupportRequestForm,
    InboxKind.COMPLAINT: ComplaintForm,
    InboxKind.FEEDBACK: FeedbackForm,
}


OPENED_SESSION_KEY = "inbox_opened_submission"


def inbox_for(request, kind):
    inbox = Inbox.objects.filter(kind=kind).first()
    if inbox is None:
        raise Http404
    if not request.user.has_perm(inbox.access_permission):
        raise PermissionDenied
    return inbox


def private_key_or_none(request, inbox):
    try:
        return inbox_private_key(inbox, request.user, member_private_key(request))
    except NoAccess:
        return None


def labels_for(kind):
    """Field labels in the staff member's own language, by the keys every language shares."""
    return {key: field.label for key, field in FORMS_BY_KIND[kind].base_fields.items()}


def extra_labels_for(submission):
    """Labels of the editor's optional questions, as the form's source page words them."""
    page = Page.objects.filter(
        translation_key=submission.form_translation_key, locale=Locale.get_default()
    ).first()
    page = page.specific if page is not None else None
    return page.extra_labels() if hasattr(page, "extra_labels") else {}


def display_value(kind, key, value):
    field = FORMS_BY_KIND[kind].base_fields.get(key)
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return choices.get(value, value)


@never_cache
def submission_detail(request, kind, pk):
    inbox = inbox_for(request, kind)
    submission = get_object_or_404(Submission.objects.select_related("assignee"), pk=pk, inbox=inbox)
    private_key = private_key_or_none(request, inbox)
    if request.method == "POST":
        return act_on_submission(request, inbox, submission, private_key)
    context = {
        "inbox": inbox,
        "submission": submission,
        "holds_key": private_key is not None,
        "deletes_on": submission.deletion_date(),
        "mails": OutgoingMail.objects.filter(about=about(submission)).order_by("created_at"),
    }
    if private_key is not None:
        sealed = open_answers(submission, private_key)
        labels = {**labels_for(kind), **extra_labels_for(submission)}
        context["answers"] = [
            (labels.get(key, key), display_value(kind, key, value))
            for key, value in sealed["answers"].items()
            if value not in ("", None, False)
        ]
        context["files"] = sealed["files"]
        context.update(conversation_admin_context(submission, private_key))
        context["notes"] = [
            (note, open_note(note, private_key)) for note in submission.notes.select_related("author")
        ]
        # One "opened" entry per visit: the page shown again after an action on it is the same visit.
        if request.session.get(OPENED_SESSION_KEY) != str(submission.pk):
            log(instance=submission, action="inbox.open", user=request.user)
            request.session[OPENED_SESSION_KEY] = str(submission.pk)
    context["staff"] = inbox_staff([inbox])
    context["status_choices"] = SubmissionStatus.choices
    context["history"] = submission_history(submission)
    return TemplateResponse(request, "forms/admin/submission_detail.html", context)


def release_from_quarantine(request, submission, private_key):
    """A member judged a held request genuine: it joins the inbox, and its mail goes out as it would have."""
    answers = open_answers(submission, private_key)["answers"]
    with transaction.atomic():
        submission.quarantine_reasons = ""
        submission.save(update_fields=["quarantine_reasons", "updated_at"])
        if answers.get("email") and answers.get("wants_acknowledgement"):
            queue_acknowledgement(submission, answers["email"])
        queue_staff_notifications(submission)


def submission_history(submission):
    from wagtail.models import ModelLogEntry

    return ModelLogEntry.objects.for_instance(submission).select_related("user").order_by("-timestamp")[:100]


def act_on_submission(request, inbox, submission, private_key):
    """Every change here reaches the sender (status, message), decides who handles the request, or
    erases it: only a member who holds the inbox key, open in this session, may make it. Anyone else
    allowed into the inbox (a superuser, a member without the key) sees its metadata only."""
    if private_key is None:
        raise PermissionDenied
    action = request.POST.get("action")
    if action == "status" and request.POST.get("status") in SubmissionStatus.values:
        set_status(submission, request.POST["status"], request.user)
    elif action == "assign":
        set_assignee(
            submission,
            inbox_staff([inbox]).filter(pk=request.POST.get("assignee") or None).first(),
            request.user,
        )
    elif action == "release" and submission.is_quarantined:
        release_from_quarantine(request, submission, private_key)
        log(instance=submission, action="inbox.release", user=request.user)
    elif action == "erase" and request.POST.get("confirm") == submission.reference:
        reference = submission.reference
        erase_submission(submission)
        log(instance=inbox, action="inbox.erase", user=request.user, data={"reference": reference})
        messages.success(
            request, _("%(reference)s and everything derived from it are deleted.") % {"reference": reference}
        )
        return redirect("inbox_list", kind=inbox.kind)
    elif action == "erase":
        messages.error(request, _("Type the reference to confirm the deletion."))
        return redirect("inbox_submission", kind=inbox.kind, pk=submission.pk)
    elif action in ("note", "message"):
        text = request.POST.get("text", "").strip()[:10000]
        if text:
            if action == "note":
                add_note(submission, request.user, text)
            else:
                set_message_to_sender(submission, request.user, text)
            log(instance=submission, action=f"inbox.{action}", user=request.user)
    else:
        raise PermissionDenied
    messages.success(request, _("Saved."))
    return redirect("inbox_submission", kind=inbox.kind, pk=submission.pk)


def submission_with_key(request, kind, pk):
    """(submission, inbox private key) for a member who holds the key in this session; else refused."""
    inbox = inbox_for(request, kind)
    submission = get_object_or_404(Submission, pk=pk, inbox=inbox)
    private_key = private_key_or_none(request, inbox)
    if private_key is None:
        raise PermissionDenied
    return submission, private_key


def sealed_file_download(request, submission, file_id, data):
    """A file a member opened, as a download that no browser renders; the download is logged."""
    log(instance=submission, action="inbox.download", user=request.user, data={"file": str(file_id)})
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{submission.reference}-{file_id}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
def download_file(request, kind, pk, file_id):
    submission, private_key = submission_with_key(request, kind, pk)
    sealed_file = get_object_or_404(submission.files, pk=file_id)
    entry = next((f for f in open_answers(submission, private_key)["files"] if f["id"] == str(file_id)), None)
    if entry is None:
        raise Http404
    return sealed_file_download(request, submission, file_id, open_file(sealed_file, private_key))


def second_factor_again(user, code):
    """The device that accepts this code now (an authenticator app's code or a recovery code), or None.

    Verified against the user's own devices, under a row lock, as at sign-in (accounts.views): a
    code is accepted once, and a device throttles repeated wrong codes.
    """
    from accounts.models import RecoveryCodeDevice, SealedTOTPDevice

    code = "".join(code.split())
    if not code or len(code) > 32:
        return None
    with transaction.atomic():
        if code.isdigit():
            candidates = SealedTOTPDevice.objects.devices_for_user(user, confirmed=True)
        else:
            candidates = RecoveryCodeDevice.objects.filter(user=user)
        return next((device for device in candidates.select_for_update() if device.verify_token(code)), None)


@never_cache
@sensitive_post_parameters("code")
def export_csv(request, kind):
    """Every answer of the inbox in clear, in one file: asks for the second factor again, and says
    where the file goes."""
    inbox = inbox_for(request, kind)
    private_key = private_key_or_none(request, inbox)
    if private_key is None:
        raise PermissionDenied
    refused = False
    if request.method == "POST":
        if second_factor_again(request.user, request.POST.get("code", "")) is not None:
            return csv_download(request, inbox, private_key)
        log(instance=inbox, action="inbox.export_refused", user=request.user)
        refused = True
    context = {"inbox": inbox, "refused": refused, "count": inbox.submissions.count()}
    return TemplateResponse(
        request, "forms/admin/export_confirm.html", context, status=403 if refused else 200
    )


def csv_download(request, inbox, private_key):
    kind = inbox.kind
    labels = labels_for(kind)
    keys = [key for key in labels if key != "files"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-inbox.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(
        [_("Reference"), _("Received"), _("Status"), _("Language")] + [labels[key] for key in keys]
    )
    for submission in inbox.submissions.order_by("created_at"):
        answers = open_answers(submission, private_key)["answers"]
        row = [
            submission.reference,
            submission.created_at.isoformat(),
            submission.status,
            submission.language,
        ]
        row += [display_value(kind, key, answers.get(key, "")) for key in keys]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    log(instance=inbox, action="inbox.export", user=request.user)
    return response


def inbox_members(inbox):
    """Everyone allowed into this inbox by their group: their member key's fingerprint, and whether
    they hold the current inbox key ("holds"), need it ("needs": never given, or given to a key lost
    in a password reset), or have no member key yet ("none": they must sign in once)."""
    permission = inbox.access_permission.split(".", 1)[1]
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename=permission)
        .distinct()
        .order_by("username")
    )
    grants = {grant.user_id: grant for grant in inbox.grants.exclude(user=None)}
    member_keys = {key.user_id: key for key in MemberKey.objects.filter(user__in=users)}
    return [
        {
            "user": user,
            "member_key": member_keys.get(user.pk),
            "state": grant_state(grants.get(user.pk), member_keys.get(user.pk)),
        }
        for user in users
    ]


@never_cache
def grant_member(request, kind):
    """A member who holds the key gives it to another member of the inbox's group, after comparing
    the fingerprint of that member's key with what the member reads on their own inbox page."""
    inbox = inbox_for(request, kind)
    if request.method != "POST":
        raise PermissionDenied
    private_key = member_private_key(request)
    member_key = MemberKey.objects.filter(user_id=request.POST.get("user")).select_related("user").first()
    allowed = member_key is not None and is_entitled(member_key.user, inbox)
    if not allowed or private_key_or_none(request, inbox) is None:
        raise PermissionDenied
    if request.POST.get("fingerprint") != member_key.fingerprint:
        # Their key changed since the page was shown (e.g. a password reset meanwhile): compare again.
        messages.error(
            request,
            _("%(user)s's key has changed since you compared it. Compare the new fingerprint first.")
            % {"user": member_key.user},
        )
        return redirect("inbox_list", kind=inbox.kind)
    grant_access(inbox, request.user, private_key, member_key)
    messages.success(request, _("%(user)s can now read this inbox.") % {"user": member_key.user})
    return redirect("inbox_list", kind=inbox.kind)


@never_cache
def rotate_key(request, kind):
    """A member who holds the key makes a new inbox key; the new recovery key is shown once, here."""
    inbox = inbox_for(request, kind)
    if request.method != "POST":
        raise PermissionDenied
    keys = private_key_or_none(request, inbox)
    if keys is None:
        raise PermissionDenied
    if request.POST.get("key") != inbox.key_fingerprint:
        # The form named another key: sent twice (the page reloaded), or someone rotated meanwhile.
        messages.error(request, _("Someone made a new key for this inbox meanwhile; nothing was changed."))
        return redirect("inbox_list", kind=inbox.kind)
    try:
        recovery = rotate_inbox_key(inbox, keys, rotated_by=request.user)
    except NoAccess:
        messages.error(request, _("Someone made a new key for this inbox meanwhile; nothing was changed."))
        return redirect("inbox_list", kind=inbox.kind)
    inbox.refresh_from_db()
    holders = InboxKeyGrant.objects.filter(inbox=inbox).exclude(user=None).select_related("user")
    context = {"inbox": inbox, "recovery_key": recovery, "holders": [grant.user for grant in holders]}
    response = TemplateResponse(request, "forms/admin/key_rotated.html", context)
    response["Cache-Control"] = "no-store"
    return response
