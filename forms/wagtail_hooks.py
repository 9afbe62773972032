from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from . import admin_views, report_views
from .bulk_actions import AssignBulkAction, SetStatusBulkAction
from .inbox_listing import InboxListView
from .models import InboxKind
from .triage import triage_panel_for


class InboxMenuItem(MenuItem):
    """Shown only to those allowed into this inbox (its group, or a superuser for metadata)."""

    def __init__(self, kind, label, order):
        self.permission = f"forms.access_{kind}_inbox"
        super().__init__(label, reverse("inbox_list", args=[kind]), icon_name="mail", order=order)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_urls")
def inbox_urls():
    return [
        path("inboxes/<str:kind>/", InboxListView.as_view(), name="inbox_list"),
        path(
            "inboxes/<str:kind>/results/", InboxListView.as_view(results_only=True), name="inbox_list_results"
        ),
        path("inboxes/<str:kind>/export.csv", admin_views.export_csv, name="inbox_export"),
        path("inboxes/<str:kind>/members/", admin_views.grant_member, name="inbox_grant"),
        path("inboxes/<str:kind>/rotate/", admin_views.rotate_key, name="inbox_rotate"),
        path("inboxes/<str:kind>/<uuid:pk>/", admin_views.submission_detail, name="inbox_submission"),
        path(
            "inboxes/<str:kind>/<uuid:pk>/files/<uuid:file_id>/",
            admin_views.download_file,
            name="inbox_file",
        ),
    ]


@hooks.register("register_admin_menu_item")
def support_inbox_menu_item():
    return InboxMenuItem(InboxKind.SUPPORT, InboxKind.SUPPORT.label, order=150)


@hooks.register("register_admin_menu_item")
def complaint_inbox_menu_item():
    return InboxMenuItem(InboxKind.COMPLAINT, InboxKind.COMPLAINT.label, order=151)


@hooks.register("register_admin_menu_item")
def feedback_inbox_menu_item():
    return InboxMenuItem(InboxKind.FEEDBACK, InboxKind.FEEDBACK.label, order=152)


class KeyEvent(LogFormatter):
    """A key event on an inbox, naming the member and the key's fingerprint from the entry's data."""

    def format_message(self, log_entry):
        data = {"member": "—", "fingerprint": "—", "from": "—", "to": "—", **(log_entry.data or {})}
        reason = REVOKE_REASONS.get(data.get("reason"))
        data["reason"] = str(reason) if reason else data.get("reason", "—")
        return self.message % data


REVOKE_REASONS = {
    "group": _("left the inbox's group"),
    "deactivated": _("account deactivated"),
    "deleted": _("account deleted"),
    "reconcile": _("no longer allowed into the inbox"),
}


def key_event(label, message):
    return type("KeyEventFormatter", (KeyEvent,), {"label": label, "message": message})


KEY_EVENTS = {
    "inbox.grant": key_event(_("Grant key"), _("Inbox key given to %(member)s (member key %(fingerprint)s)")),
    "inbox.recover": key_event(
        _("Recover key"),
        _("Inbox key given to %(member)s with the recovery key (member key %(fingerprint)s)"),
    ),
    "inbox.revoke": key_event(_("Revoke key"), _("Inbox key taken from %(member)s: %(reason)s")),
    "inbox.rotate": key_event(_("Rotate key"), _("New inbox key %(to)s replaces %(from)s")),
    "inbox.member_key": key_event(
        _("Member key"), _("%(member)s has a new member key %(fingerprint)s; their grant moved to it")
    ),
    "inbox.stale": key_event(
        _("Stale grant"),
        _("%(member)s has a new member key %(fingerprint)s, the old one lost (password reset): needs access"),
    ),
}


@hooks.register("register_log_actions")
def inbox_log_actions(actions):
    actions.register_action("inbox.open", _("Open submission"), _("Opened and read"))
    actions.register_action("inbox.status", _("Change status"), _("Status changed"))
    actions.register_action("inbox.assign", _("Assign"), _("Assignee changed"))
    actions.register_action("inbox.note", _("Add note"), _("Internal note added"))
    actions.register_action("inbox.message", _("Message to sender"), _("Message to the sender written"))
    actions.register_action("inbox.download", _("Download file"), _("File downloaded"))
    actions.register_action("inbox.export", _("Export"), _("Inbox exported to CSV"))
    actions.register_action(
        "inbox.export_refused", _("Export refused"), _("CSV export refused: wrong second-factor code")
    )
    for action, formatter in KEY_EVENTS.items():
        actions.register_action(action)(formatter)
    actions.register_action("inbox.release", _("Release"), _("Released from quarantine"))
    actions.register_action("inbox.erase", _("Erase"), _("A request and everything derived from it deleted"))
    actions.register_action("inbox.purge", _("Retention"), _("Requests past their retention period deleted"))


hooks.register("register_bulk_action", SetStatusBulkAction)
hooks.register("register_bulk_action", AssignBulkAction)


# Triage and reports (forms.triage, forms.reports): metadata only, never content.
@hooks.register("construct_homepage_panels")
def inbox_triage_panel(request, panels):
    panel = triage_panel_for(request.user)
    if panel is not None:
        panels.insert(0, panel)


@hooks.register("register_admin_urls")
def inbox_report_urls():
    return [
        path("inbox-reports/", report_views.reports, name="inbox_reports"),
        path("inbox-reports/chart.svg", report_views.report_chart, name="inbox_report_chart"),
        path("inbox-reports/figures.csv", report_views.report_csv, name="inbox_report_csv"),
    ]


class InboxReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return any(request.user.has_perm(f"forms.access_{kind}_inbox") for kind in InboxKind.values)


@hooks.register("register_admin_menu_item")
def inbox_reports_menu_item():
    return InboxReportsMenuItem(_("Inbox reports"), reverse("inbox_reports"), icon_name="table", order=153)


@hooks.register("insert_global_admin_css")
def inbox_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("forms/inbox-admin.css"))


# The conversation with the sender (forms.conversation).
@hooks.register("register_admin_urls")
def inbox_conversation_urls():
    from . import conversation_views

    return [
        path(
            "inboxes/<str:kind>/<uuid:pk>/conversation/",
            conversation_views.reply,
            name="inbox_conversation_reply",
        ),
        path(
            "inboxes/<str:kind>/<uuid:pk>/conversation/<uuid:message_id>/release/",
            conversation_views.release,
            name="inbox_conversation_release",
        ),
        path(
            "inboxes/<str:kind>/<uuid:pk>/conversation/files/<uuid:file_id>/",
            conversation_views.download,
            name="inbox_conversation_file",
        ),
    ]


@hooks.register("register_log_actions")
def inbox_conversation_log_actions(actions):
    actions.register_action("inbox.conversation_reply", _("Reply to sender"), _("Reply to the sender sent"))
    actions.register_action(
        "inbox.conversation_release", _("Release message"), _("A held message from the sender released")
    )
