"""The mail that follows a submission, queued in the outbox in the submission's own transaction.

No mail carries anything the sender wrote: the acknowledgement has the reference, a reminder to
keep the receipt code (not the code) and the due dates; a staff notification has the inbox, the
reference, the urgency and a link. A request the spam layers held gets no acknowledgement until a
member releases it, but its members are told at once that something is held, with why (the layer,
never the content), urgently when the sender said they are in danger now: nobody is held in silence.
All are plain text plus HTML, and none says Auto-Submitted, which helpdesk tools take as a reason to
drop a mail. Links are built on settings.PUBLIC_BASE_URL (outbox.links).
"""

from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from outbox.links import page_public_url
from outbox.mail import queue_mail
from website.antispam import describe

from .models import InboxKeyGrant
from .questions import URGENCY_CHOICES

ACKNOWLEDGEMENT = "acknowledgement"
STAFF_NOTIFICATION = "staff-notification"
STAFF_HELD_NOTIFICATION = "staff-held-notification"
# What mail clients show as high importance (Outlook, Thunderbird, Apple Mail read one or the other).
URGENT_HEADERS = {"Importance": "high", "X-Priority": "1 (Highest)"}


def about(submission):
    return f"submission:{submission.pk}"


def render_mail(template, context, language):
    with translation.override(language):
        subject = " ".join(render_to_string(f"forms/mail/{template}_subject.txt", context).split())
        text = render_to_string(f"forms/mail/{template}.txt", context)
        html = render_to_string(f"forms/mail/{template}.html", context | {"subject": subject})
    return subject, text, html


def status_page_url(submission):
    """The public address of the status page that the sender's form names, in the sender's language."""
    from wagtail.models import Page

    if submission.form_translation_key is None:
        return ""
    form_page = (
        Page.objects.filter(
            translation_key=submission.form_translation_key, locale__language_code=submission.language
        )
        .specific()
        .first()
    )
    status_page = getattr(form_page, "status_page", None)
    if status_page is None:
        return ""
    return page_public_url(status_page.get_translation_or_none(form_page.locale) or status_page)


def admin_link(submission):
    return urljoin(
        settings.WAGTAILADMIN_BASE_URL,
        reverse("inbox_submission", kwargs={"kind": submission.inbox.kind, "pk": submission.pk}),
    )


def queue_acknowledgement(submission, email):
    """The sender's acknowledgement, in the language they wrote in; call in the submission's transaction."""
    context = {
        "submission": submission,
        "status_url": status_page_url(submission),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject, text, html = render_mail("acknowledgement", context, submission.language)
    return queue_mail(
        to=email, subject=subject, text=text, html=html, purpose=ACKNOWLEDGEMENT, about=about(submission)
    )


def inbox_members(inbox):
    """The active staff who hold this inbox's key and may see it: they are told a request arrived."""
    grants = InboxKeyGrant.objects.filter(inbox=inbox, user__isnull=False).values_list("user_id", flat=True)
    users = get_user_model().objects.filter(pk__in=grants, is_active=True).exclude(email="")
    return [user for user in users if user.has_perm(inbox.access_permission)]


def staff_language(user):
    """The member's admin language, else the site's default — never the sender's.

    Not `UserProfile.get_preferred_language()`: without a choice it answers the active language,
    which while a form is posted is the sender's.
    """
    from wagtail.users.models import UserProfile

    language = UserProfile.get_for_user(user).preferred_language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def queue_staff_notifications(submission):
    """One mail per inbox member, in the language they chose in the admin. Returns the queued mails.

    For a request in quarantine it says that the request is held for review and why (call it in the
    submission's transaction either way); releasing it later sends the usual notification.
    """
    held = submission.is_quarantined
    link = admin_link(submission)
    urgent = submission.urgency == "immediate"
    mails = []
    for user in inbox_members(submission.inbox):
        language = staff_language(user)
        with translation.override(language):
            urgency_label = str(dict(URGENCY_CHOICES).get(submission.urgency, ""))
            reasons = describe([code for code in submission.quarantine_reasons.split(",") if code])
        context = {
            "submission": submission,
            "inbox": submission.inbox,
            "link": link,
            "urgency_label": urgency_label,
            "urgent": urgent,
            "reasons": reasons,
        }
        mails.append(
            mail_member(
                user,
                submission,
                "staff_held_notification" if held else "staff_notification",
                context,
                language,
                purpose=STAFF_HELD_NOTIFICATION if held else STAFF_NOTIFICATION,
                headers=URGENT_HEADERS if urgent else None,
            )
        )
    return mails


def mail_member(user, submission, template, context, language, purpose, headers=None):
    """Queue one mail about a request to one inbox member, rendered in `language` (no content)."""
    subject, text, html = render_mail(template, context, language)
    return queue_mail(
        to=user.email,
        subject=subject,
        text=text,
        html=html,
        headers=headers,
        purpose=purpose,
        about=about(submission),
    )
