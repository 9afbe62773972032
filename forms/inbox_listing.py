"""The inbox list, built from Wagtail's own listing parts.

Filters are a django-filter set on Wagtail's `WagtailFilterSet`, shown in the admin's filter drop-down with
removable "active filter" pills; the table's columns sort; the selected requests take Wagtail's bulk
actions (status, assignee; forms.bulk_actions). Metadata only: nothing sealed is opened to draw the list.
"""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import F
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, Table, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.widgets.button import HeaderButton

from .admin_views import OPENED_SESSION_KEY, inbox_for, inbox_members, private_key_or_none
from .models import MemberKey, RetentionSettings, Submission, SubmissionStatus, held_condition
from .questions import PROGRAMME_CHOICES, URGENCY_CHOICES
from .triage import due_soon


def language_name(code):
    """A language by name in the member's admin language ("Arabic", "arabe"), not its code."""
    return get_language_info(code)["name_translated"] if code in dict(settings.LANGUAGES) else code


def language_choices():
    return [(code, language_name(code)) for code, _name in settings.LANGUAGES]


class SubmissionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=SubmissionStatus.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    deadline = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=[("overdue", _("Overdue")), ("due_soon", _("Due within three days"))],
        empty_label=_("Any"),
        method="filter_deadline",
        widget=forms.RadioSelect,
    )
    urgency = django_filters.ChoiceFilter(
        label=_("Urgency"), choices=URGENCY_CHOICES, empty_label=_("All"), widget=forms.RadioSelect
    )
    programme = django_filters.ChoiceFilter(
        label=_("Programme"), choices=PROGRAMME_CHOICES, empty_label=_("All")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=language_choices, empty_label=_("All")
    )
    held = django_filters.ChoiceFilter(
        label=_("Held for review"),
        choices=[("only", _("Held for review")), ("none", _("Not held"))],
        empty_label=_("All"),
        method="filter_held",
        widget=forms.RadioSelect,
    )
    assignee = django_filters.ChoiceFilter(
        label=_("Assignee"),
        choices=[("me", _("Assigned to me")), ("nobody", _("Not assigned"))],
        empty_label=_("Anyone"),
        method="filter_assignee",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Submission
        fields = []

    def __init__(self, *args, inbox, **kwargs):
        super().__init__(*args, **kwargs)
        if inbox.kind != "support":
            # Programme and urgency are questions of the support request form only.
            del self.filters["programme"], self.filters["urgency"]

    def filter_deadline(self, queryset, name, value):
        if value == "overdue":
            return queryset.overdue()
        if value == "due_soon":
            return due_soon(queryset)
        return queryset

    def filter_held(self, queryset, name, value):
        if value == "only":
            return queryset.filter(held_condition())
        if value == "none":
            return queryset.exclude(held_condition())
        return queryset

    def filter_assignee(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assignee=self.request.user)
        if value == "nobody":
            return queryset.filter(assignee=None)
        return queryset


class TriageTable(Table):
    def get_row_classname(self, instance):
        return "inbox-overdue" if instance.late else ""


class ReferenceColumn(TitleColumn):
    """The reference, linked to the request, with what needs a person now said in words."""

    cell_template_name = "forms/admin/cells/reference.html"


class TemplateColumn(Column):
    def __init__(self, name, template_name, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template_name


def title_id(submission):
    return f"submission_{submission.pk}_title"


class InboxListView(BaseListingView):
    template_name = "forms/admin/submission_list.html"
    results_template_name = "forms/admin/submission_list_results.html"
    table_class = TriageTable
    filterset_class = SubmissionFilterSet
    paginate_by = 50
    # What is due first, then who is in danger now: the order a member works in.
    default_ordering = "next_due"
    header_icon = "mail"
    index_url_name = "inbox_list"
    index_results_url_name = "inbox_list_results"
    verbose_name_plural = _("requests")
    breadcrumbs_items = [{"url": reverse_lazy("wagtailadmin_home"), "label": _("Dashboard")}]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.inbox = inbox_for(request, kwargs["kind"])
        self.holds_key = private_key_or_none(request, self.inbox) is not None

    def get_page_title(self):
        return self.inbox.get_kind_display()

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.inbox.kind])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.inbox.kind])

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "inbox": self.inbox}

    def get_base_queryset(self):
        return self.inbox.submissions.select_related("assignee").with_triage()

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        field = ordering.lstrip("-")
        descending = ordering.startswith("-")
        if field == "next_due":
            due_order = (
                F("next_due").desc(nulls_last=True) if descending else F("next_due").asc(nulls_last=True)
            )
            return queryset.order_by(due_order, "urgency_rank", "created_at")
        return queryset.order_by(ordering, "next_due", "created_at")

    @cached_property
    def columns(self):
        kind = self.inbox.kind
        columns = [
            ReferenceColumn(
                "reference",
                label=_("Reference"),
                classname="inbox-reference",
                get_url=lambda submission: reverse("inbox_submission", args=[kind, submission.pk]),
                get_title_id=title_id,
            ),
            TemplateColumn(
                "created_at",
                "forms/admin/cells/datetime.html",
                label=_("Received (Brussels time)"),
                sort_key="created_at",
            ),
            Column(
                "language",
                label=_("Language"),
                accessor=lambda submission: language_name(submission.language),
                sort_key="language",
            ),
        ]
        if kind == "support":
            programmes = dict(PROGRAMME_CHOICES)
            columns += [
                Column(
                    "programme",
                    label=_("Programme"),
                    accessor=lambda submission: programmes.get(submission.programme, submission.programme),
                    sort_key="programme",
                ),
                TemplateColumn(
                    "urgency", "forms/admin/cells/urgency.html", label=_("Urgency"), sort_key="urgency_rank"
                ),
            ]
        retention = RetentionSettings.load()
        columns += [
            Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
            TemplateColumn(
                "next_due", "forms/admin/cells/datetime.html", label=_("Next deadline"), sort_key="next_due"
            ),
            Column("assignee", label=_("Assignee"), accessor=lambda s: s.assignee or "—"),
            TemplateColumn(
                "deletes_on",
                "forms/admin/cells/deletes_on.html",
                label=_("Deleted on"),
                accessor=lambda submission: submission.deletion_date(retention),
            ),
        ]
        if self.holds_key:
            # Bulk actions change what the sender is told or who handles a request: only with the key.
            columns.insert(0, BulkActionsCheckboxColumn("bulk_actions", obj_type="submission"))
        return columns

    @cached_property
    def header_buttons(self):
        buttons = [
            HeaderButton(_("Inbox reports"), url=reverse("inbox_reports"), icon_name="table"),
        ]
        if self.holds_key:
            buttons.insert(
                0,
                HeaderButton(
                    _("Export CSV…"),
                    url=reverse("inbox_export", args=[self.inbox.kind]),
                    icon_name="download",
                ),
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["header_buttons"] = self.header_buttons
        if self.results_only:
            return context
        # Coming back from the list is a new visit to whichever request is opened next.
        self.request.session.pop(OPENED_SESSION_KEY, None)
        context.update(
            {
                "inbox": self.inbox,
                "holds_key": self.holds_key,
                "members": inbox_members(self.inbox),
                "rotation_reasons": self.inbox.rotation_reasons(timezone.now()),
                "own_key": MemberKey.objects.filter(user=self.request.user).first(),
            }
        )
        return context
