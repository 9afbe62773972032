from django.db import migrations

# Addresses are personal data: only the "Newsletter" group (and superusers) sees them.
# Topics are content: editors define and translate them.
TOPIC_PERMISSIONS = ["add_topic", "change_topic", "delete_topic", "view_topic"]


def create_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    def permission(app_label, model, codename, name):
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        found, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        return found

    access_admin = permission("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    manage = permission(
        "newsletter", "subscriber", "manage_subscribers", "Can see and manage newsletter subscribers"
    )
    newsletter, _created = Group.objects.get_or_create(name="Newsletter")
    newsletter.permissions.add(access_admin, manage)
    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *[
            permission("newsletter", "topic", codename, f"Can {codename.split('_')[0]} Newsletter topic")
            for codename in TOPIC_PERMISSIONS
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
