"""The Secretariat's reports in the admin: a chart drawn on the server, the figures as a table and CSV."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .questions import PROGRAMME_CHOICES
from .reports import PROMISES_DAYS, chart_svg, monthly_figures, write_csv
from .triage import inboxes_for


def report_scope(request):
    """The inbox and filters asked for, among the inboxes this member may enter."""
    inboxes = inboxes_for(request.user)
    if not inboxes:
        raise PermissionDenied
    inbox = next((i for i in inboxes if i.kind == request.GET.get("inbox")), inboxes[0])
    language = request.GET.get("language", "")[:8]
    programme = request.GET.get("programme", "") if inbox.kind == "support" else ""
    if programme not in dict(PROGRAMME_CHOICES):
        programme = ""
    return inboxes, inbox, language, programme


@never_cache
def reports(request):
    inboxes, inbox, language, programme = report_scope(request)
    figures = monthly_figures(inbox, language=language, programme=programme)
    context = {
        "inboxes": inboxes,
        "inbox": inbox,
        "language": language,
        "programme": programme,
        "languages": sorted(set(inbox.submissions.values_list("language", flat=True))),
        "programme_choices": PROGRAMME_CHOICES,
        "figures": figures,
        "promises": PROMISES_DAYS,
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "forms/admin/reports.html", context)


@never_cache
def report_chart(request):
    _inboxes, inbox, language, programme = report_scope(request)
    figures = monthly_figures(inbox, language=language, programme=programme)
    title = _("%(inbox)s: requests per month") % {"inbox": inbox.get_kind_display()}
    response = HttpResponse(chart_svg(figures, title), content_type="image/svg+xml; charset=utf-8")
    # Opened on its own, the drawing runs nothing: no script, no style or font from elsewhere.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@never_cache
def report_csv(request):
    _inboxes, inbox, language, programme = report_scope(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{inbox.kind}-report.csv"'
    write_csv(response, inbox, monthly_figures(inbox, language=language, programme=programme))
    return response
