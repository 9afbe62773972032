"""Serving the inbox forms and the receipt status page to the public."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from website.middleware import FORM_REFERRER_POLICY

from .inboxes import find_by_receipt, read_message_for_sender, seal_submission
from .models import Inbox
from .questions import ReceiptForm

RECEIPT_ATTEMPTS_PER_HOUR = 10


def private_response(response):
    """Pages with a form or a receipt are never stored by a cache, and can post (see FORM_REFERRER_POLICY)."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = FORM_REFERRER_POLICY
    return response


def serve_inbox_form(page, request):
    context = page.get_context(request)
    inbox = Inbox.objects.filter(kind=page.inbox_kind).first()
    if request.method == "POST" and inbox is not None:
        form = page.build_form(
            request.POST, request.FILES, upload_refusals=getattr(request, "upload_refusals", ())
        )
        if form.is_valid():
            metadata = {key: form.cleaned_data.get(key, "") for key in form.clear_metadata}
            submission, receipt = seal_submission(
                inbox,
                form.answers(),
                form.cleaned_data.get("files") or [],
                language=page.locale.language_code,
                form_translation_key=page.translation_key,
                **metadata,
            )
            context.update({"submission": submission, "receipt_code": receipt})
            return private_response(TemplateResponse(request, "forms/confirmation.html", context))
    else:
        form = page.build_form(initial=page.initial_values(request))
    context.update({"form": form, "inbox_open": inbox is not None})
    response = TemplateResponse(request, page.get_template(request), context, status=200 if inbox else 503)
    return private_response(response)


def client_key(request):
    """A keyed hash of the client address that changes every day: the address itself is never kept."""
    day = timezone.now().date().isoformat()
    key = hmac.new(settings.SECRET_KEY.encode(), day.encode(), hashlib.sha256).digest()
    return hmac.new(key, request.META.get("REMOTE_ADDR", "").encode(), hashlib.sha256).hexdigest()


def serve_receipt_status(page, request):
    context = page.get_context(request)
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempts_key = f"receipt-attempts:{client_key(request)}"
        attempts = cache.get(attempts_key, 0)
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
    context["form"] = form
    return private_response(TemplateResponse(request, page.get_template(request), context))


def csrf_failure(request, reason=""):
    """A refused form post, explained in the reader's language, with a way back that keeps the typing.

    Django's own page is English and technical; a defender must learn that nothing was sent, and how
    to send it again, without losing what they wrote (the browser's Back button keeps it).
    """
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        response = TemplateResponse(request, "forms/csrf_failure.html", {}, status=403)
        response.render()  # inside the override: the language must not outlive this response
    return private_response(response)
