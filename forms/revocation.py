"""Keys follow the people: whoever leaves an inbox's group, is deactivated or deleted loses their grant
at once, and a periodic reconcile catches any other path (a group deleted, a permission taken from a
group, a change made in SQL).

A grant is the inbox key sealed to the member's own key; deleting it keeps the running site from
handing it to them again. Coming back needs a new grant from a member who holds the key. Because a
member who left may have kept a copy of the key (a database backup and their password are enough),
each revocation also asks for a rotation of the inbox key on the inbox page (see inboxes.revoke_grant).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django_tasks import task

from .inboxes import is_entitled, revoke_grant
from .models import InboxKeyGrant

logger = logging.getLogger(__name__)


def reconcile(user_ids=None, reason="reconcile"):
    """Revoke every member grant whose holder may no longer read the inbox. Returns how many."""
    grants = InboxKeyGrant.objects.exclude(user=None).select_related("inbox", "user")
    if user_ids is not None:
        grants = grants.filter(user_id__in=list(user_ids))
    revoked = 0
    for grant in grants:
        if not is_entitled(grant.user, grant.inbox):
            revoke_grant(grant, reason)
            revoked += 1
    return revoked


@task(backend=settings.OUTBOX_TASK_BACKEND)
def reconcile_inbox_grants():
    """Hourly (settings.PERIODIC_TASKS): the safety net behind the signals below."""
    revoked = reconcile()
    if revoked:
        logger.info("inbox grants: %s revoked by the reconcile", revoked)
    return revoked


def on_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """user.groups.remove(group), group.user_set.remove(user), .clear() or .set() from either side."""
    if action not in ("post_remove", "post_clear"):
        return
    if not reverse:
        reconcile([instance.pk], reason="group")
    elif action == "post_remove":
        reconcile(pk_set, reason="group")
    else:  # a group emptied: its former members are no longer known, so check every holder
        reconcile(reason="group")


def on_group_permissions_changed(sender, instance, action, **kwargs):
    if action in ("post_remove", "post_clear"):
        reconcile(reason="group")


def on_group_deleted(sender, instance, **kwargs):
    reconcile(reason="group")


def on_user_saved(sender, instance, created, **kwargs):
    if not created and not instance.is_active:
        reconcile([instance.pk], reason="deactivated")


def on_user_deleting(sender, instance, **kwargs):
    # Before the grants cascade away unseen: each is logged on its inbox and asks for a rotation.
    for grant in InboxKeyGrant.objects.filter(user=instance).select_related("inbox", "user"):
        revoke_grant(grant, "deleted")


def connect():
    user_model = get_user_model()
    m2m_changed.connect(
        on_groups_changed, sender=user_model.groups.through, dispatch_uid="forms.revoke_group"
    )
    m2m_changed.connect(
        on_group_permissions_changed, sender=Group.permissions.through, dispatch_uid="forms.revoke_perm"
    )
    m2m_changed.connect(
        on_group_permissions_changed,
        sender=user_model.user_permissions.through,
        dispatch_uid="forms.revoke_user_perm",
    )
    post_delete.connect(on_group_deleted, sender=Group, dispatch_uid="forms.revoke_group_deleted")
    post_save.connect(on_user_saved, sender=user_model, dispatch_uid="forms.revoke_inactive")
    pre_delete.connect(on_user_deleting, sender=user_model, dispatch_uid="forms.revoke_deleted")
