"""What needs a person now: the counts an inbox member sees first on the admin's dashboard.

Each count is a query on metadata that is already in clear (status, urgency, due dates, quarantine
reasons) and links to the inbox list filtered so that it shows exactly the requests counted.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .models import Inbox, InboxKind, SubmissionStatus, held_condition

OPEN_STATUSES = (SubmissionStatus.RECEIVED, SubmissionStatus.IN_REVIEW)
DUE_SOON_DAYS = 3


def due_soon(submissions, now=None):
    """Open requests whose next deadline falls within three days and has not passed yet."""
    now = now or timezone.now()
    horizon = now + timedelta(days=DUE_SOON_DAYS)
    first_due = Q(
        status=SubmissionStatus.RECEIVED, first_response_due__gte=now, first_response_due__lte=horizon
    )
    full_due = Q(full_response_due__gte=now, full_response_due__lte=horizon)
    return (
        submissions.filter(status__in=OPEN_STATUSES)
        .filter(first_due | full_due)
        .exclude(pk__in=submissions.overdue(now).values("pk"))
    )


@dataclass
class Count:
    label: str
    number: int
    url: str
    urgent: bool = False


def counts_for(inbox, now=None):
    """The dashboard's counts for one inbox, each with the list URL that shows the same requests."""
    now = now or timezone.now()
    submissions = inbox.submissions.all()
    base = reverse("inbox_list", args=[inbox.kind])

    def link(**filters):
        return f"{base}?{urlencode(filters)}"

    counts = [
        Count(
            _("New"),
            submissions.filter(status=SubmissionStatus.RECEIVED).exclude(held_condition()).count(),
            link(status=SubmissionStatus.RECEIVED, held="none"),
        ),
    ]
    if inbox.kind == "support":
        in_danger = submissions.filter(status=SubmissionStatus.RECEIVED, urgency="immediate").count()
        counts.append(
            Count(
                _("In danger now, not yet answered"),
                in_danger,
                link(status=SubmissionStatus.RECEIVED, urgency="immediate"),
                urgent=in_danger > 0,
            )
        )
    held = submissions.filter(held_condition()).count()
    overdue = submissions.overdue(now).count()
    counts += [
        Count(_("Held for review"), held, link(held="only"), urgent=held > 0),
        Count(_("Overdue"), overdue, link(deadline="overdue"), urgent=overdue > 0),
        Count(_("Due within three days"), due_soon(submissions, now).count(), link(deadline="due_soon")),
    ]
    return counts


class InboxTriagePanel(Component):
    """A panel on the admin's home page for each inbox the member may enter."""

    name = "inbox_triage"
    template_name = "forms/admin/triage_panel.html"
    order = 50

    def __init__(self, inboxes):
        self.inboxes = inboxes

    def get_context_data(self, parent_context=None):
        now = timezone.now()
        return {"inboxes": [(inbox, counts_for(inbox, now)) for inbox in self.inboxes]}


def inboxes_for(user):
    """The inboxes this staff member may enter (their group, or a superuser for metadata)."""
    # Support requests first: the inbox where people in danger write.
    order = {kind: index for index, kind in enumerate(InboxKind.values)}
    inboxes = sorted(Inbox.objects.all(), key=lambda inbox: order.get(inbox.kind, len(order)))
    return [inbox for inbox in inboxes if user.has_perm(inbox.access_permission)]


def triage_panel_for(user):
    inboxes = inboxes_for(user)
    return InboxTriagePanel(inboxes) if inboxes else None
