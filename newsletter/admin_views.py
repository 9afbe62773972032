"""The newsletter's own admin views: import a list, counts per language, release from quarantine.

They are mounted by SubscriberViewSet (wagtail_hooks.py) and open only to holders of the
"newsletter.manage_subscribers" permission: addresses are personal data.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.log_actions import log

from website.antispam import describe

from . import subscriptions
from .forms import ImportForm
from .imports import ImportRefused, import_subscribers
from .models import Subscriber, SubscriberStatus, source_topics

PERMISSION = "newsletter.manage_subscribers"


def require_newsletter_permission(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return never_cache(wrapped)


def list_url():
    return reverse("wagtailsnippets_newsletter_subscriber:list")


@require_newsletter_permission
def import_view(request):
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = import_subscribers(
                form.cleaned_data["file"].read(), source=form.cleaned_data["source"], user=request.user
            )
        except ImportRefused as refusal:
            form.add_error("file", str(refusal))
    context = {"form": form, "report": report, "list_url": list_url()}
    return TemplateResponse(request, "newsletter/admin/import.html", context)


@require_newsletter_permission
def counts_view(request):
    """How many addresses per language and status, and how many subscribers per topic."""
    counts = {
        (row["language"], row["status"]): row["n"]
        for row in Subscriber.objects.values("language", "status").annotate(n=Count("pk"))
    }
    statuses = SubscriberStatus.choices
    rows = []
    for code, name in settings.LANGUAGES:
        cells = [counts.get((code, status), 0) for status, _label in statuses]
        rows.append({"code": code, "name": name, "cells": cells, "total": sum(cells)})
    totals = [sum(row["cells"][index] for row in rows) for index in range(len(statuses))]
    topics = source_topics().annotate(
        n=Count("subscribers", filter=Q(subscribers__status=SubscriberStatus.SUBSCRIBED))
    )
    context = {
        "statuses": statuses,
        "rows": rows,
        "totals": totals,
        "grand_total": sum(totals),
        "topics": topics,
        "list_url": list_url(),
    }
    return TemplateResponse(request, "newsletter/admin/counts.html", context)


@require_newsletter_permission
def release_view(request, pk):
    """Staff judged a quarantined signup to be a person's: send it the confirmation email."""
    subscriber = get_object_or_404(Subscriber, pk=pk, status=SubscriberStatus.QUARANTINED)
    if request.method == "POST":
        if subscriptions.release(subscriber, request.user):
            log(instance=subscriber, action="newsletter.release", user=request.user)
            messages.success(request, _("The confirmation email is on its way."))
        else:
            messages.warning(
                request, _("An email went to this address less than a day ago. Try again tomorrow.")
            )
        return redirect(list_url())
    context = {
        "subscriber": subscriber,
        "reasons": describe([reason for reason in subscriber.quarantine_reasons.split(",") if reason]),
        "list_url": list_url(),
    }
    return TemplateResponse(request, "newsletter/admin/release.html", context)
