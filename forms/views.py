"""Serving the inbox forms and the receipt status page to the public."""

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from website.antispam import SpamDefence
from website.clients import address_is_shared, client_key
from website.middleware import FORM_REFERRER_POLICY

from .conversation import status_page_context
from .inboxes import find_by_receipt, read_message_for_sender, seal_submission
from .models import Inbox, Submission
from .notifications import queue_acknowledgement, queue_staff_notifications
from .questions import ReceiptForm

RECEIPT_ATTEMPTS_PER_HOUR = 10


def mark_sensitive(request):
    """What @sensitive_post_parameters() does, for a Wagtail page's serve: error reports (mail to
    ADMINS, trackers) show none of the values posted (see website/error_reports.py)."""
    request.sensitive_post_parameters = "__ALL__"


def private_response(response):
    """Pages with a form or a receipt are never stored by a cache, and can post (see FORM_REFERRER_POLICY)."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = FORM_REFERRER_POLICY
    return response


def spam_defence_for(page, request):
    return SpamDefence(
        request,
        form_name=f"inbox-{page.inbox_kind}",
        captcha_mode=page.captcha_mode,
        captcha_min_score=page.captcha_min_score,
    )


def accept_submission(page, inbox, form, spam_reasons, submission_token_digest=None):
    """Store the request and queue what follows in one transaction (the outbox): both or neither.

    A request the spam layers doubt is stored all the same, in quarantine with the reasons; the
    sender sees the same confirmation and gets no acknowledgement until a member releases it, but
    the members are told at once that something is held. Returns (submission, receipt code), or
    (the earlier submission, None) when this form was sent already.
    """
    metadata = {key: form.cleaned_data.get(key, "") for key in form.clear_metadata}
    try:
        with transaction.atomic():
            submission, receipt = seal_submission(
                inbox,
                form.answers(),
                form.cleaned_data.get("files") or [],
                language=page.locale.language_code,
                form_translation_key=page.translation_key,
                quarantine_reasons=spam_reasons,
                submission_token_digest=submission_token_digest,
                **metadata,
            )
            email = form.cleaned_data.get("email")
            if not submission.is_quarantined and email and form.cleaned_data.get("wants_acknowledgement"):
                queue_acknowledgement(submission, email)
            queue_staff_notifications(submission)
    except IntegrityError:
        # The same form sent twice at once (a double click): the other request stored it first.
        earlier = sent_already(submission_token_digest)
        if earlier is None:
            raise
        return earlier, None
    return submission, receipt


def sent_already(submission_token_digest):
    if not submission_token_digest:
        return None
    return Submission.objects.filter(submission_token_digest=submission_token_digest).first()


def confirmation(request, context, submission, receipt):
    """The answer to a sent form: the receipt code once; to the same form sent again, the reference
    alone and how to reach us without the code (it is never stored, so it cannot be shown again)."""
    context.update({"submission": submission, "receipt_code": receipt, "sent_again": receipt is None})
    return private_response(TemplateResponse(request, "forms/confirmation.html", context))


def blank_form_variant(form):
    """What tells one blank form of a page from another, or None for a form that must be rendered anew.

    A blank form's questions are the same HTML for every reader of a page's published version in one
    language, but for the answers a link may choose beforehand (`?programme=`), so form_page.html keeps
    them as a fragment of the content version under this variant ({% kept_fragment %}, never in a
    preview): the support form is never a cached page (its tokens are one reader's), and its widgets
    were most of its time (see README, "Speed"). A form sent back with its errors holds what the person
    typed: it is never kept.
    """
    if form.is_bound:
        return None
    return urlencode(sorted(form.initial.items()))


def serve_inbox_form(page, request):
    if request.method == "POST":
        mark_sensitive(request)
    context = page.get_context(request)
    inbox = Inbox.objects.filter(kind=page.inbox_kind).first()
    defence = spam_defence_for(page, request)
    if request.method == "POST" and inbox is not None:
        defence.carry_over(request.POST)
        token_digest = defence.submission_digest(request.POST)
        earlier = sent_already(token_digest)
        if earlier is not None:  # a reload of the confirmation, a retry: nothing is stored twice
            return confirmation(request, context, earlier, None)
        form = page.build_form(
            request.POST, request.FILES, upload_refusals=getattr(request, "upload_refusals", ())
        )
        if form.is_valid():
            submission, receipt = accept_submission(
                page, inbox, form, defence.check(request.POST), token_digest
            )
            return confirmation(request, context, submission, receipt)
    else:
        form = page.build_form(initial=page.initial_values(request))
    context.update(
        {
            "form": form,
            "inbox_open": inbox is not None,
            "spam_defence": defence,
            "blank_form_variant": blank_form_variant(form),
        }
    )
    response = TemplateResponse(request, page.get_template(request), context, status=200 if inbox else 503)
    return defence.allow_in_policy(private_response(response))


def serve_receipt_status(page, request):
    if request.method == "POST":
        mark_sensitive(request)  # the receipt code opens the sender's messages
    context = page.get_context(request)
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempts_key = f"receipt-attempts:{client_key(request)}"
        # Where one address stands for many readers (the onion service, an unknown proxy chain), one of
        # them must not lock all the others out; a 100-bit code cannot be guessed in any case.
        attempts = 0 if address_is_shared(request) else cache.get(attempts_key, 0)
        if attempts >= RECEIPT_ATTEMPTS_PER_HOUR:
            context["too_many_attempts"] = True
        else:
            code = form.cleaned_data["receipt_code"]
            submission = find_by_receipt(code)
            if submission is None:
                cache.set(attempts_key, attempts + 1, timeout=3600)
                # Says nothing about which part was wrong.
                form.add_error(
                    "receipt_code", _("We could not find this receipt code. Check it and try again.")
                )
            else:
                context["submission"] = submission
                context["message_to_sender"] = read_message_for_sender(submission, code)
                context.update(status_page_context(request, submission, code))
    context["form"] = form
    return private_response(TemplateResponse(request, page.get_template(request), context))


def csrf_failure(request, reason=""):
    """A refused form post, explained in the reader's language, with a way back that keeps the typing.

    Django's own page is English and technical; a defender must learn that nothing was sent, and how
    to send it again, without losing what they wrote (the browser's Back button keeps it).
    """
    mark_sensitive(request)  # it answers a refused post of any form: its values stay out of error reports
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        response = TemplateResponse(request, "forms/csrf_failure.html", {}, status=403)
        response.render()  # inside the override: the language must not outlive this response
    return private_response(response)
