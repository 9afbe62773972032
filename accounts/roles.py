"""Staff roles as groups, least privilege: who edits pages, who approves, who reads which inbox.

- Editors: add and edit every page in every language (publishing goes through moderation),
  images and documents, ask for translations.
- Moderators: approve (publish) news and vacancies: publish rights on the news and vacancy
  sections of each language.
- Translators: <language>: edit the pages of that one language.
- Support requests, Complaints, Feedback: see that one inbox (reading it also needs its key,
  given by a member who holds it).
- Administrators: manage users, groups, sites, languages, workflows and redirects; publish any
  page; no inbox.

No group but the inbox ones can see an inbox; the inbox groups edit no page (an inbox member who is
also an editor is in both groups). Groups are created by a migration; page permissions that need
pages (a language's home, the news and vacancy sections) are granted when those pages are created,
and `manage.py sync_roles` applies everything again.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.db.models.signals import post_save

EDITORS = "Editors"
MODERATORS = "Moderators"
ADMINISTRATORS = "Administrators"
INBOX_GROUPS = {
    "Support requests": "access_support_inbox",
    "Complaints": "access_complaint_inbox",
    "Feedback": "access_feedback_inbox",
}
MODERATED_SECTIONS = [("news", "newsindexpage"), ("vacancies", "vacancyindexpage")]
# Wagtail's migrations create this workflow (one task: the Moderators group approves) on the root page,
# where it would send every page to Moderators, who may publish only news and vacancies. It belongs to
# those sections alone (accounts/migrations/0003); other pages are published by Administrators.
MODERATION_WORKFLOW = "Moderators approval"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
TRANSLATOR_PAGE_PERMISSIONS = ["change_page"]
ADMINISTRATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]

MEDIA_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "delete_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "delete_document", "choose_document"]),
]
ADMINISTRATOR_PERMISSIONS = [
    ("auth", "user", ["add_user", "change_user", "delete_user"]),
    ("auth", "group", ["add_group", "change_group", "delete_group"]),
    ("wagtailcore", "site", ["add_site", "change_site", "delete_site"]),
    ("wagtailcore", "locale", ["add_locale", "change_locale", "delete_locale"]),
    ("wagtailcore", "workflow", ["add_workflow", "change_workflow", "delete_workflow"]),
    ("wagtailcore", "task", ["add_task", "change_task", "delete_task"]),
    ("wagtailredirects", "redirect", ["add_redirect", "change_redirect", "delete_redirect"]),
    *MEDIA_PERMISSIONS,
]


def translator_group_name(language_code):
    return f"Translators: {dict(settings.LANGUAGES)[language_code]} ({language_code})"


class Roles:
    """Works on the real models or on a migration's historical ones (`apps`)."""

    def __init__(self, apps=global_apps):
        self.Group = apps.get_model("auth", "Group")
        self.Permission = apps.get_model("auth", "Permission")
        self.ContentType = apps.get_model("contenttypes", "ContentType")
        self.Page = apps.get_model("wagtailcore", "Page")
        self.GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
        self.Workflow = apps.get_model("wagtailcore", "Workflow")
        self.WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    def permission(self, app_label, model, codename):
        content_type, _created = self.ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _created = self.Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
        )
        return permission

    def group(self, name, permissions=()):
        group, _created = self.Group.objects.get_or_create(name=name)
        wanted = [self.permission(*spec) for spec in permissions]
        if wanted:
            group.permissions.add(*wanted)
        return group

    def grant_pages(self, group, pages, codenames):
        for page in pages:
            for codename in codenames:
                self.GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=self.permission("wagtailcore", "page", codename)
                )

    def sections(self):
        pages = self.Page.objects.none()
        for app_label, model in MODERATED_SECTIONS:
            pages = pages | self.Page.objects.filter(
                content_type__app_label=app_label, content_type__model=model
            )
        return pages

    def moderation_workflow(self):
        return self.Workflow.objects.filter(name=MODERATION_WORKFLOW, active=True).first()

    def assign_moderation_workflow(self):
        """Each news and vacancy section of every language goes through the Moderators' approval
        (unless an administrator gave it another workflow)."""
        workflow = self.moderation_workflow()
        if workflow is None:
            return  # renamed or disabled by an administrator: workflows are theirs to manage then
        for page in self.sections():
            self.WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})

    def remove_moderation_workflow_from_root(self):
        workflow = self.moderation_workflow()
        if workflow is not None:
            self.WorkflowPage.objects.filter(workflow=workflow, page__depth=1).delete()

    def apply(self):
        admin_access = ("wagtailadmin", "admin", "access_admin")
        media = [
            (app, model, codename) for app, model, codenames in MEDIA_PERMISSIONS for codename in codenames
        ]
        root = self.Page.objects.filter(depth=1).first()

        editors = self.group(EDITORS, [admin_access, *media])
        moderators = self.group(MODERATORS, [admin_access, *media])
        administrators = self.group(
            ADMINISTRATORS,
            [admin_access]
            + [
                (app, model, codename)
                for app, model, codenames in ADMINISTRATOR_PERMISSIONS
                for codename in codenames
            ],
        )
        for name, codename in INBOX_GROUPS.items():
            self.group(name, [admin_access, ("forms", "inbox", codename)])
        if root is not None:
            self.grant_pages(editors, [root], EDITOR_PAGE_PERMISSIONS)
            self.grant_pages(administrators, [root], ADMINISTRATOR_PAGE_PERMISSIONS)
            # Wagtail's initial data lets Moderators publish anything; here they publish news and vacancies.
            self.GroupPagePermission.objects.filter(group=moderators, page=root).delete()
        self.grant_pages(moderators, self.sections(), MODERATOR_PAGE_PERMISSIONS)
        self.assign_moderation_workflow()
        for language_code, _name in settings.LANGUAGES:
            if language_code == settings.LANGUAGE_CODE:
                continue
            translators = self.group(
                translator_group_name(language_code),
                [
                    admin_access,
                    ("wagtailimages", "image", "choose_image"),
                    ("wagtaildocs", "document", "choose_document"),
                ],
            )
            homes = self.Page.objects.filter(depth=2, locale__language_code=language_code)
            self.grant_pages(translators, homes, TRANSLATOR_PAGE_PERMISSIONS)


def apply_roles(apps=global_apps):
    Roles(apps).apply()


def on_page_created(sender, instance, created, raw=False, **kwargs):
    """A new language's home page, or a new news or vacancy section: give its groups their rights."""
    from wagtail.models import Page

    if not created or raw or not isinstance(instance, Page):
        return
    section = (instance._meta.app_label, instance._meta.model_name) in MODERATED_SECTIONS
    if instance.depth == 2 or section:
        apply_roles()


def connect():
    post_save.connect(on_page_created, dispatch_uid="accounts.roles.page_created")
