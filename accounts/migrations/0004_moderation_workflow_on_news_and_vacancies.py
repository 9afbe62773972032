"""Wagtail's default "Moderators approval" workflow moves from the root page to the news and vacancy
sections of every language (see accounts.roles.MODERATION_WORKFLOW).

On the root it sent every page to the Moderators, and approving through it publishes without checking
their page permissions. Sections created later (the demo loader, editors, a new language) get it when
they are created (accounts.roles.on_page_created) or from `manage.py sync_roles`.
"""

from django.db import migrations


def move_workflow(apps, schema_editor):
    from accounts.roles import Roles

    roles = Roles(apps)
    roles.remove_moderation_workflow_from_root()
    roles.assign_moderation_workflow()


def put_workflow_back_on_root(apps, schema_editor):
    from accounts.roles import Roles

    roles = Roles(apps)
    workflow = roles.moderation_workflow()
    root = roles.Page.objects.filter(depth=1).first()
    if workflow is not None and root is not None:
        roles.WorkflowPage.objects.filter(workflow=workflow).delete()
        roles.WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_account_guesses"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(move_workflow, put_workflow_back_on_root)]
