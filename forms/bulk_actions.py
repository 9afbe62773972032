"""Wagtail bulk actions on the inbox list: set the status of, or assign, the selected requests at once.

Each request is changed as on its own page (forms.handling), with one audit entry per request that
changed. Only a member who holds the inbox's key in this session may act, as on the request's page.
"""

import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.bulk_action import BulkAction

from .admin_views import private_key_or_none
from .handling import inbox_staff, set_assignee, set_status
from .models import InboxKeyGrant, Submission, SubmissionStatus


class SubmissionBulkAction(BulkAction):
    models = [Submission]
    template_name = "forms/admin/bulk_confirm.html"

    @classmethod
    def get_queryset(cls, model, object_ids):
        # Ids come from the address: anything that is not a request's id selects nothing.
        valid = []
        for value in object_ids:
            try:
                valid.append(uuid.UUID(str(value)))
            except ValueError:
                continue
        return list(model.objects.filter(pk__in=valid).select_related("inbox", "assignee"))

    def get_all_objects_in_listing_query(self, parent_id):
        # "Every request in the inbox" is never one click away: a member selects what they see.
        return []

    def check_perm(self, submission):
        inbox = submission.inbox
        keys = self.__dict__.setdefault("_keys", {})
        if inbox.pk not in keys:
            allowed = self.request.user.has_perm(inbox.access_permission)
            keys[inbox.pk] = allowed and private_key_or_none(self.request, inbox) is not None
        return keys[inbox.pk]

    def object_context(self, submission):
        return {
            "item": submission,
            "url": reverse("inbox_submission", args=[submission.inbox.kind, submission.pk]),
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}

    def get_execution_context(self):
        return {**self.cleaned_form.cleaned_data, "user": self.request.user}


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"), choices=SubmissionStatus.choices, widget=forms.RadioSelect
    )


class SetStatusBulkAction(SubmissionBulkAction):
    display_name = _("Set status")
    action_type = "set_status"
    aria_label = _("Set the status of the selected requests")
    action_priority = 10
    form_class = StatusForm
    action_button_text = _("Set this status")

    @classmethod
    def execute_action(cls, objects, status=None, user=None, **kwargs):
        return sum(set_status(submission, status, user) for submission in objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "The status of %(count)d request was changed.",
            "The status of %(count)d requests was changed.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody"),
        help_text=_("A member who holds the key of the request's inbox."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Members of the inboxes whose key the member acting holds; each request checks its own inbox.
        self.fields["assignee"].queryset = inbox_staff(
            InboxKeyGrant.objects.filter(user=user).values("inbox")
        )


class AssignBulkAction(SubmissionBulkAction):
    display_name = _("Assign")
    action_type = "assign"
    aria_label = _("Assign the selected requests to a member")
    action_priority = 20
    form_class = AssignForm
    action_button_text = _("Assign")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, assignee=None, user=None, **kwargs):
        return sum(set_assignee(submission, assignee, user) for submission in objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d request was assigned.", "%(count)d requests were assigned.", num_parent_objects
        ) % {"count": num_parent_objects}
