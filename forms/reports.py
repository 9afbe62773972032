"""Monthly figures for the Secretariat: how many requests came in and how fast the team answered.

Only metadata that is already in clear is read — the inbox, language, programme, status, due dates,
arrival time, and the time of the first answer from the admin's history (a message to the sender
or the status set to "answered"). Never what anybody wrote. Requests deleted by retention leave the
figures with them: the report describes what the inboxes still hold.
"""

import csv
import math
import re
import statistics
from dataclasses import dataclass, field
from datetime import timedelta

import pygal
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from pygal.style import Style
from wagtail.models import ModelLogEntry

from .models import Submission, SubmissionStatus

# The published promise: an initial answer within 15 days, a full answer within 30.
PROMISES_DAYS = (15, 30)
FIRST_RESPONSE_ACTIONS = ("inbox.message", "inbox.status")
INLINE_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
CREDIT_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass
class MonthFigures:
    month: str  # YYYY-MM, in Brussels time like every date the team reads
    received: int = 0
    answered_within: dict = field(default_factory=lambda: dict.fromkeys(PROMISES_DAYS, 0))
    overdue: int = 0
    response_days: list = field(default_factory=list)

    @property
    def median_days(self):
        return round(statistics.median(self.response_days), 1) if self.response_days else None


def first_responses(submission_ids):
    """When each request first got an answer: a message to the sender, or the status "answered"."""
    content_type = ContentType.objects.get_for_model(Submission)
    entries = ModelLogEntry.objects.filter(
        content_type=content_type,
        object_id__in=[str(pk) for pk in submission_ids],
        action__in=FIRST_RESPONSE_ACTIONS,
    )
    answered = {}
    for object_id, action, data, timestamp in entries.values_list("object_id", "action", "data", "timestamp"):
        if action == "inbox.status" and (data or {}).get("status") != SubmissionStatus.ANSWERED:
            continue
        if object_id not in answered or timestamp < answered[object_id]:
            answered[object_id] = timestamp
    return answered


def monthly_figures(inbox, months=12, language="", programme="", now=None):
    """Figures for the last `months` calendar months, oldest first, for one inbox."""
    now = timezone.localtime(now or timezone.now())
    month_index = now.year * 12 + now.month - 1 - (months - 1)
    start = now.replace(
        year=month_index // 12, month=month_index % 12 + 1, day=1, hour=0, minute=0, second=0, microsecond=0
    )
    submissions = inbox.submissions.filter(created_at__gte=start, quarantine_reasons="")
    if language:
        submissions = submissions.filter(language=language)
    if programme:
        submissions = submissions.filter(programme=programme)
    rows = list(submissions.values_list("pk", "created_at"))
    answered = first_responses([pk for pk, _created in rows])
    overdue = set(submissions.overdue(now).values_list("pk", flat=True))

    figures = {}
    cursor = start
    for _index in range(months):
        key = cursor.strftime("%Y-%m")
        figures[key] = MonthFigures(key)
        cursor = timezone.localtime(cursor + timedelta(days=32)).replace(day=1)
    for pk, created_at in rows:
        month = figures.get(timezone.localtime(created_at).strftime("%Y-%m"))
        if month is None:
            continue
        month.received += 1
        month.overdue += pk in overdue
        answered_at = answered.get(str(pk))
        if answered_at is not None:
            days = (answered_at - created_at).total_seconds() / 86400
            month.response_days.append(days)
            for promise in PROMISES_DAYS:
                month.answered_within[promise] += days <= promise
    return list(figures.values())


def chart_svg(figures, title):
    """A bar chart drawn on the server: an SVG with no script in it and nothing from another host."""
    style = Style(
        background="white",
        plot_background="white",
        foreground="#1b1b1b",
        foreground_strong="#1b1b1b",
        foreground_subtle="#6b6b6b",
        colors=("#003399", "#2e7d32", "#8a6d00", "#b00020"),
        font_family="system-ui, sans-serif",
    )
    chart = pygal.Bar(
        style=style,
        title=title,
        width=900,
        height=360,
        js=[],  # pygal links its tooltip script from another host by default
        legend_at_bottom=True,
        print_values=False,
        show_y_guides=True,
        truncate_legend=-1,
    )
    chart.x_labels = [figure.month for figure in figures]
    # Requests are counted in whole numbers: the axis says 0, 1, 2…, never 0.5.
    highest = max([figure.received for figure in figures] + [figure.overdue for figure in figures] + [1])
    step = max(1, math.ceil(highest / 6))
    chart.y_labels = list(range(0, highest + step, step))
    chart.value_formatter = lambda value: f"{value:.0f}"
    chart.add(_("Received"), [figure.received for figure in figures])
    for promise in PROMISES_DAYS:
        chart.add(
            _("Answered within %(days)s days") % {"days": promise},
            [figure.answered_within[promise] for figure in figures],
        )
    chart.add(_("Overdue now"), [figure.overdue for figure in figures])
    svg = chart.render(is_unicode=True, disable_xml_declaration=True)
    # pygal still writes its tooltip configuration as an inline script, and its credits as comments
    # naming its web site: a static drawing needs neither.
    return INLINE_SCRIPT.sub("", CREDIT_COMMENTS.sub("", svg))


def write_csv(response, inbox, figures):
    writer = csv.writer(response)
    writer.writerow(
        [_("Inbox"), _("Month"), _("Received")]
        + [_("Answered within %(days)s days") % {"days": days} for days in PROMISES_DAYS]
        + [_("Overdue now"), _("Median days to first response")]
    )
    for figure in figures:
        writer.writerow(
            [inbox.kind, figure.month, figure.received]
            + [figure.answered_within[days] for days in PROMISES_DAYS]
            + [figure.overdue, "" if figure.median_days is None else figure.median_days]
        )
