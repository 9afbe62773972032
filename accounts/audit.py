"""Staff account events in Wagtail's log (Reports → Site history; the user's and group's history).

Signed in, failed sign-ins, throttling, second-factor changes (see accounts.views), and changes to
who belongs to which group or holds which permission. Never a password, nor anything typed into
the sign-in form: a failed sign-in for an unknown username is not recorded here, since that
"username" may well be a password typed into the wrong field.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils.functional import LazyObject, empty
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission


def unwrapped(user):
    """request.user is a lazy object, inside another one once django-otp wraps it; Wagtail's log
    looks its model up by the instance's type, so it needs the user itself."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def log_account(account, action, **kwargs):
    """Log an event of this staff account in Wagtail's log (done by the account itself unless told)."""
    account = unwrapped(account)
    kwargs.setdefault("user", account)
    return log(instance=account, action=action, **kwargs)


def user_named(username):
    if not username:
        return None
    return get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()


def on_login(sender, request, user, **kwargs):
    log_account(user, "accounts.login")


def on_login_failed(sender, credentials, request=None, **kwargs):
    user = user_named(credentials.get("username"))
    if user is not None:
        log_account(user, "accounts.login_failed", user=None)


def on_locked_out(sender, request, username, ip_address, **kwargs):
    user = user_named(username)
    if user is not None:
        log_account(user, "accounts.locked_out", user=None)


def names(model, pks):
    field = "codename" if model is Permission else "name"
    return sorted(model.objects.filter(pk__in=pks or ()).values_list(field, flat=True))


def m2m_logger(action_name, owner_model, member_model, field):
    """Log additions to and removals from a many-to-many field, from either side."""

    def handler(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action == "pre_clear":
            # The cleared members are only known before the clear.
            instance._accounts_cleared = (
                set(getattr(instance, field).values_list("pk", flat=True)) if not reverse else set()
            )
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if action == "post_clear":
            pk_set, action = getattr(instance, "_accounts_cleared", set()), "post_remove"
        if not pk_set:
            return
        key = "added" if action == "post_add" else "removed"
        if not reverse:
            log(instance=instance, action=action_name, data={key: names(member_model, pk_set)})
        else:
            # e.g. group.user_set.add(user): log it on each user.
            for owner in owner_model._default_manager.filter(pk__in=pk_set):
                log(instance=owner, action=action_name, data={key: names(member_model, [instance.pk])})

    return handler


on_user_groups = m2m_logger("accounts.groups", get_user_model(), Group, "groups")
on_user_permissions = m2m_logger("accounts.permissions", get_user_model(), Permission, "user_permissions")
on_group_permissions = m2m_logger("accounts.permissions", Group, Permission, "permissions")


def on_user_saving(sender, instance, **kwargs):
    if instance.pk is None:
        return
    before = sender._default_manager.filter(pk=instance.pk).values("is_superuser", "is_active").first()
    if before and (before["is_superuser"], before["is_active"]) != (
        instance.is_superuser,
        instance.is_active,
    ):
        instance._accounts_status_change = {
            "superuser": instance.is_superuser,
            "active": instance.is_active,
        }


def on_user_saved(sender, instance, created, **kwargs):
    change = instance.__dict__.pop("_accounts_status_change", None)
    if change:
        log(instance=instance, action="accounts.permissions", data=change)


def page_permission_label(instance):
    try:
        page = instance.page.title
    except instance._meta.get_field("page").related_model.DoesNotExist:
        page = f"#{instance.page_id}"  # the page is being deleted with its permissions
    return f"{instance.permission.codename} @ {page}"


def on_page_permission_added(sender, instance, created, **kwargs):
    if created:
        log(
            instance=instance.group,
            action="accounts.permissions",
            data={"added": [page_permission_label(instance)]},
        )


def on_page_permission_removed(sender, instance, **kwargs):
    log(
        instance=instance.group,
        action="accounts.permissions",
        data={"removed": [page_permission_label(instance)]},
    )


def connect():
    user_model = get_user_model()
    user_logged_in.connect(on_login, dispatch_uid="accounts.login")
    user_login_failed.connect(on_login_failed, dispatch_uid="accounts.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="accounts.locked_out")
    m2m_changed.connect(on_user_groups, sender=user_model.groups.through, dispatch_uid="accounts.groups")
    m2m_changed.connect(
        on_user_permissions, sender=user_model.user_permissions.through, dispatch_uid="accounts.user_perms"
    )
    m2m_changed.connect(
        on_group_permissions, sender=Group.permissions.through, dispatch_uid="accounts.group_perms"
    )
    pre_save.connect(on_user_saving, sender=user_model, dispatch_uid="accounts.user_saving")
    post_save.connect(on_user_saved, sender=user_model, dispatch_uid="accounts.user_saved")
    post_save.connect(
        on_page_permission_added, sender=GroupPagePermission, dispatch_uid="accounts.page_perm_added"
    )
    post_delete.connect(
        on_page_permission_removed, sender=GroupPagePermission, dispatch_uid="accounts.page_perm_removed"
    )
