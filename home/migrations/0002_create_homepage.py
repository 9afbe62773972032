from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's placeholder welcome page with an English HomePage as the site root."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    if HomePage.objects.exists():
        return
    content_type, _created = ContentType.objects.get_or_create(model="homepage", app_label="home")
    locale, _created = Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.create(
        title="ProtectDefenders.eu",
        draft_title="ProtectDefenders.eu",
        slug="home",
        content_type=content_type,
        path="00010002",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        mission="",
        urgent_help_title="",
        urgent_help_text="",
        support_button_label="",
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "port": 80, "site_name": "ProtectDefenders.eu"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("website", "0002_locales"),
    ]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
