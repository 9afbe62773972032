"""What the programme tests share: the demo pages by slug, and a wagtail-localize sync."""

import re

from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from programmes.models import ProgrammePage

LANGUAGES = ["en", "fr", "es", "ru", "ar", "fa", "pt"]
SLUGS = [
    "emergency-support",
    "temporary-relocation",
    "strengthening-organisations",
    "shelter-initiatives",
    "eu-temporary-relocation-platform",
    "canada-resettlement-stream",
]


def programme(slug, language="en"):
    return ProgrammePage.objects.get(slug=slug, locale=Locale.objects.get(language_code=language))


def publish(page):
    page.save_revision().publish()


def sync_translations(page, capture_on_commit):
    """Update every translation of `page` from it, as "Sync translated pages" does in the admin."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    source.update_from_db()
    # wagtail-localize publishes the synced page in transaction.on_commit.
    with capture_on_commit(execute=True):
        for translation in source.translations.all():
            translation.save_target(publish=True)
    return source


def status_banner(content):
    match = re.search(r'<div class="programme-status[^"]*" role="status">.*?</div>', content, re.S)
    return match.group(0) if match else ""


def apply_section(content):
    return re.search(
        r'<section class="programme__section programme__apply".*?</section>', content, re.S
    ).group(0)
