"""How a request is handled: its status and who handles it. One change, one audit entry.

Shared by the request's own page (forms.admin_views) and the list's bulk actions (forms.bulk_actions),
so that a status set from either place closes, reopens and logs a request the same way.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.log_actions import log

from .models import SubmissionStatus


def set_status(submission, status, user):
    """Returns whether anything changed; the retention period of a request runs from its closing."""
    if status not in SubmissionStatus.values or status == submission.status:
        return False
    submission.status = status
    submission.closed_at = timezone.now() if status == SubmissionStatus.CLOSED else None
    submission.save(update_fields=["status", "closed_at", "updated_at"])
    log(instance=submission, action="inbox.status", user=user, data={"status": status})
    return True


def inbox_staff(inboxes):
    """Who may be assigned a request of these inboxes (a list or a queryset): members given a key of one."""
    return get_user_model().objects.filter(inbox_grants__inbox__in=inboxes).distinct().order_by("username")


def set_assignee(submission, assignee, user):
    """Assign to a member of the request's inbox, or to nobody (None). Returns whether anything changed."""
    if assignee is not None and not inbox_staff([submission.inbox]).filter(pk=assignee.pk).exists():
        return False
    if submission.assignee_id == (assignee.pk if assignee else None):
        return False
    submission.assignee = assignee
    submission.save(update_fields=["assignee", "updated_at"])
    log(
        instance=submission,
        action="inbox.assign",
        user=user,
        data={"assignee": assignee.get_username() if assignee else ""},
    )
    return True
