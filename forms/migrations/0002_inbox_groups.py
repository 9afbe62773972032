from django.db import migrations

# One group per inbox; membership of the group shows the inbox, holding its key opens the content.
GROUPS = {
    "Support requests": "access_support_inbox",
    "Complaints": "access_complaint_inbox",
    "Feedback": "access_feedback_inbox",
}


def create_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    inbox_type, _created = ContentType.objects.get_or_create(app_label="forms", model="inbox")
    admin_type, _created = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _created = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for group_name, codename in GROUPS.items():
        permission, _created = Permission.objects.get_or_create(
            content_type=inbox_type, codename=codename, defaults={"name": f"Can see the {group_name.lower()} inbox"}
        )
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(permission, access_admin)


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
