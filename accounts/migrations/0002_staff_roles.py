"""The staff groups and their permissions (see accounts/roles.py for what each may do).

Page permissions that need pages which do not exist yet (a fresh database gets its language homes and
news and vacancy sections later, from the demo loader or from editors) are granted when those pages
are created (accounts.roles.on_page_created), or by `manage.py sync_roles`.
"""

from django.db import migrations


def apply_roles(apps, schema_editor):
    from accounts.roles import apply_roles as apply

    apply(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("forms", "0002_inbox_groups"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
