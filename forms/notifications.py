"""The mail that follows a submission, queued in the outbox in the submission's own transaction.

Neither mail carries anything the sender wrote: the acknowledgement has the reference, a reminder to
keep the receipt code (not the code) and the due dates; a staff notification has the inbox, the
reference, the urgency and a link. Both are plain text plus HTML, and neither says Auto-Submitted,
which helpdesk tools take as a reason to drop a mail.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from outbox.mail import queue_mail

from .models import InboxKeyGrant
from .questions import URGENCY_CHOICES

ACKNOWLEDGEMENT = "acknowledgement"
STAFF_NOTIFICATION = "staff-notification"


def about(submission):
    return f"submission:{submission.pk}"


def render_mail(template, context, language):
    with translation.override(language):
        subject = " ".join(render_to_string(f"forms/mail/{template}_subject.txt", context).split())
        text = render_to_string(f"forms/mail/{template}.txt", context)
        html = render_to_string(f"forms/mail/{template}.html", context | {"subject": subject})
    return subject, text, html


def queue_acknowledgement(submission, email, status_url=""):
    """The sender's acknowledgement, in the language they wrote in; call in the submission's transaction."""
    context = {"submission": submission, "status_url": status_url, "site_name": settings.WAGTAIL_SITE_NAME}
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
    """One mail per inbox member, in the language they chose in the admin. Returns the queued mails."""
    link = urljoin(
        settings.WAGTAILADMIN_BASE_URL,
        reverse("inbox_submission", kwargs={"kind": submission.inbox.kind, "pk": submission.pk}),
    )
    mails = []
    for user in inbox_members(submission.inbox):
        language = staff_language(user)
        with translation.override(language):
            urgency_label = str(dict(URGENCY_CHOICES).get(submission.urgency, ""))
        context = {
            "submission": submission,
            "inbox": submission.inbox,
            "link": link,
            "urgency_label": urgency_label,
        }
        subject, text, html = render_mail("staff_notification", context, language)
        mails.append(
            queue_mail(
                to=user.email,
                subject=subject,
                text=text,
                html=html,
                purpose=STAFF_NOTIFICATION,
                about=about(submission),
            )
        )
    return mails
