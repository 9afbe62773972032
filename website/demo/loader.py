"""Builds the demo site: English pages from `content.py`, every other language through wagtail-localize.

Running it twice changes nothing: each page, setting and translation is created only when missing.
"""

import logging
from datetime import timedelta
from pathlib import Path

import polib
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource

from home.models import HomePage
from website.models import FooterText, NoticePage, QuickExitDestination, SafetySettings, StandardPage

from . import content

logger = logging.getLogger(__name__)
PO_ROOT = Path(__file__).resolve().parent / "locale"


def po_path(language_code, key):
    return PO_ROOT / language_code / f"{key}.po"


def demo_specs():
    """Every translatable demo object as (key, languages), in the order they must be translated."""
    yield content.HOME["key"], content.HOME["translations"]
    for spec in content.STANDARD_PAGES + content.NOTICES:
        yield spec["key"], spec["translations"]
    yield "footer", content.FULL


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.changes = 0
        self.pages = {}

    def say(self, message):
        self.changes += 1
        if self.stdout:
            self.stdout.write(message)

    def load(self):
        # Not one transaction for the whole load: wagtail-localize publishes a translation in
        # transaction.on_commit with the page object as it was then, so a publish deferred to the
        # end of a long transaction writes a stale tree (numchild=0) over the parent pages' children.
        # Each translation is committed on its own instead (see ensure_translation).
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            raise RuntimeError("The default site's root page is not a HomePage; run the migrations first.")
        self.pages["home"] = home
        for spec in content.STANDARD_PAGES:
            self.pages[spec["key"]] = self.ensure_page(home, StandardPage, spec)
        for spec in content.NOTICES:
            self.pages[spec["key"]] = self.ensure_page(home, NoticePage, spec)
        self.fill_home(home)
        for spec in content.STANDARD_PAGES + content.NOTICES:
            self.fill_body(spec)
        self.ensure_footer()
        self.ensure_settings(site)
        self.translate_all()
        return self.changes

    # English source -------------------------------------------------------------------------------

    def ensure_page(self, home, model, spec):
        existing = model.objects.child_of(home).filter(slug=spec["slug"]).first()
        if existing is not None:
            return existing
        fields = {
            "title": spec["title"],
            "slug": spec["slug"],
            "search_description": spec.get("search_description", ""),
            "show_in_menus": spec.get("show_in_menus", False),
        }
        if model is StandardPage:
            fields["intro"] = spec["intro"]
        else:
            fields["summary"] = spec["summary"]
            fields["banner_until"] = timezone.now() + timedelta(days=spec["banner_days"])
        page = home.add_child(instance=model(**fields))
        self.say(f"Created page {page.url_path}")
        return page

    def resolve_page_keys(self, blocks):
        for item in blocks:
            if item["type"] == "call_to_action" and isinstance(item["value"]["page"], str):
                item["value"]["page"] = self.pages[item["value"]["page"]].pk
        return blocks

    def fill_body(self, spec):
        page = self.pages[spec["key"]]
        if page.body:
            return
        page.body = self.resolve_page_keys(spec["body"](spec["key"]))
        page.save_revision().publish()
        self.say(f"Wrote the body of {page.url_path}")

    def fill_home(self, home):
        if home.mission:
            return
        spec = content.HOME
        for field in ("title", "search_description", "mission", "urgent_help_title", "urgent_help_text"):
            setattr(home, field, spec[field])
        home.support_button_label = spec["support_button_label"]
        home.support_page = self.pages[spec["support_page"]]
        home.save_revision().publish()
        self.say("Wrote the home page")

    def ensure_footer(self):
        english = Locale.get_default()
        if not FooterText.objects.filter(locale=english).exists():
            FooterText.objects.create(locale=english, body=content.FOOTER)
            self.say("Wrote the footer")
        self.pages["footer"] = FooterText.objects.get(locale=english)

    def ensure_settings(self, site):
        safety = SafetySettings.for_site(site)
        if safety.hotline_number:
            return
        safety.hotline_number = content.HOTLINE_NUMBER
        safety.hotline_languages = content.HOTLINE_LANGUAGES
        safety.quick_exit_help_page = self.pages["quick-exit"]
        safety.save()
        for code, url in content.EXIT_DESTINATIONS.items():
            QuickExitDestination.objects.create(setting=safety, language=code, url=url)
        self.say("Set the hotline and quick-exit settings")

    # Translations ---------------------------------------------------------------------------------

    def translate_all(self):
        for key, languages in demo_specs():
            instance = self.pages[key]
            for language_code in languages:
                self.ensure_translation(key, instance, language_code)

    def ensure_translation(self, key, instance, language_code):
        locale = Locale.objects.get(language_code=language_code)
        if instance.get_translations().filter(locale=locale).exists():
            return
        path = po_path(language_code, key)
        if not path.exists():
            logger.warning("No demo translation of %s into %s (%s)", key, language_code, path)
            return
        with transaction.atomic():
            source, _created = TranslationSource.get_or_create_from_instance(instance)
            translation, _created = Translation.objects.get_or_create(
                source=source, target_locale=locale, defaults={"enabled": True}
            )
            warnings = translation.import_po(polib.pofile(str(path)), tool_name="demo content")
            for warning in warnings:
                logger.warning("%s/%s: %s", language_code, key, warning)
            translation.save_target(publish=True)
        self.say(f"Translated {key} into {language_code}")


def export_po_files(stdout=None):
    """Write the PO file of every demo object and language, keeping the translations already in it.

    This is what a translator receives from wagtail-localize's "Download PO file"; the files are
    kept in the repository so that `load_demo_content` can import them on any fresh database.
    """
    loader = DemoLoader()
    site = Site.objects.get(is_default_site=True)
    loader.pages["home"] = site.root_page.specific
    for spec in content.STANDARD_PAGES + content.NOTICES:
        loader.pages[spec["key"]] = Page.objects.get(slug=spec["slug"], locale=Locale.get_default()).specific
    loader.pages["footer"] = FooterText.objects.get(locale=Locale.get_default())
    written = []
    for key, languages in demo_specs():
        source, _created = TranslationSource.get_or_create_from_instance(loader.pages[key])
        source.update_from_db()
        for language_code in languages:
            locale = Locale.objects.get(language_code=language_code)
            translation, _created = Translation.objects.get_or_create(
                source=source, target_locale=locale, defaults={"enabled": True}
            )
            po = translation.export_po()
            path = po_path(language_code, key)
            if path.exists():
                known = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(path)) if e.msgstr}
                for entry in po:
                    entry.msgstr = entry.msgstr or known.get((entry.msgctxt, entry.msgid), "")
            # Database-specific metadata would stop the import on another database.
            po.metadata = {
                "MIME-Version": "1.0",
                "Content-Type": "text/plain; charset=utf-8",
                "Language": language_code,
            }
            po[:] = [entry for entry in po if not entry.obsolete]
            path.parent.mkdir(parents=True, exist_ok=True)
            po.save(str(path))
            written.append(path)
            if stdout:
                stdout.write(str(path))
    return written
