"""Builds the demo site: English content first, then every other language through wagtail-localize.

The site-wide pages come from `website/demo/content.py`. Each other app may add its own content in
`<app>/demo.py`, which defines `build(loader)`: it creates its English pages or snippets with the
helpers below (each creates only what is missing) and registers what is to be translated with
`loader.register(...)`. Translations are PO files in `<app>/demo/locale/<language>/<key>.po`, imported
with wagtail-localize exactly as a translator's upload would be.

Running it twice changes nothing: each page, setting and translation is created only when missing.
"""

import importlib
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import polib
from django.apps import apps
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Site
from wagtail_localize.models import Translation, TranslationSource

from home.models import HomePage
from website.models import (
    FooterMenuItem,
    FooterText,
    MainMenuItem,
    NavigationSettings,
    QuickExitDestination,
    SafetySettings,
    SiteAlert,
    SocialLink,
    StandardPage,
)

from . import about, content

logger = logging.getLogger(__name__)
WEBSITE_PO_ROOT = Path(__file__).resolve().parent / "locale"
# Apps whose demo.py adds content, in the order they are built and translated. DEMO_APPS in the
# environment narrows it (e.g. DEMO_APPS=forms) while one app is being developed on its own.
DEMO_APPS = [
    app
    # forms and faq first: programme pages link to the support form and the FAQ.
    for app in ["forms", "faq", "programmes", "news", "vacancies", "newsletter"]
    if app in os.environ.get("DEMO_APPS", app).split(",")
]


@dataclass
class Translatable:
    key: str
    instance: object
    languages: list
    po_root: Path

    def po_path(self, language_code):
        return self.po_root / language_code / f"{self.key}.po"


def app_po_root(app_label):
    """Where an app keeps its demo PO files: <app>/demo/locale/."""
    return Path(apps.get_app_config(app_label).path) / "demo" / "locale"


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.changes = 0
        self.pages = {}
        self.translatables = []
        self.home = None

    def say(self, message):
        self.changes += 1
        if self.stdout:
            self.stdout.write(message)

    def load(self):
        # Not one transaction for the whole load: wagtail-localize publishes a translation in
        # transaction.on_commit with the page object as it was then, so a publish deferred to the
        # end of a long transaction writes a stale tree (numchild=0) over the parent pages' children.
        # Each translation is committed on its own instead (see ensure_translation).
        self.build()
        for item in self.translatables:
            for language_code in item.languages:
                self.ensure_translation(item, language_code)
        return self.changes

    def build(self):
        """Create the English content (what is missing) and register what is to be translated."""
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            raise RuntimeError("The default site's root page is not a HomePage; run the migrations first.")
        self.home = self.pages["home"] = home
        with transaction.atomic():
            for spec in content.STANDARD_PAGES:
                self.pages[spec["key"]] = self.ensure_page(home, StandardPage, spec)
            self.fill_home(home)
            for spec in content.STANDARD_PAGES:
                self.fill_body(self.pages[spec["key"]], spec["body"](spec["key"]))
            self.ensure_footer()
            self.ensure_settings(site)
        self.register("home", home, content.HOME["translations"], WEBSITE_PO_ROOT)
        for spec in content.STANDARD_PAGES:
            self.register(spec["key"], self.pages[spec["key"]], spec["translations"], WEBSITE_PO_ROOT)
        self.register("footer", self.pages["footer"], content.FULL, WEBSITE_PO_ROOT)
        # Who we are (its page type, the consortium and Secretariat snippets) and the notices index
        # with its notices, built like an app's demo.py.
        with transaction.atomic():
            about.build(self)
        for app_label in DEMO_APPS:
            try:
                module = importlib.import_module(f"{app_label}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_label}.demo":
                    raise
                continue
            with transaction.atomic():
                module.build(self)
        # Last: the menus and the alert name pages that every app above has created.
        with transaction.atomic():
            self.ensure_navigation(site)
            self.ensure_site_alert()

    def register(self, key, instance, languages, po_root):
        """Translate `instance` into `languages` from `po_root/<language>/<key>.po` (parents first)."""
        self.pages[key] = instance
        self.translatables.append(Translatable(key, instance, list(languages), Path(po_root)))

    # Helpers for every app's demo.py ------------------------------------------------------------

    def ensure_child(self, parent, model, slug, **fields):
        """The child page of `parent` with this slug, created (and published) if missing."""
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing
        page = parent.add_child(instance=model(slug=slug, **fields))
        # Published through a revision, as an editor would: the page gets its publication dates.
        page.save_revision().publish()
        self.say(f"Created page {page.url_path}")
        return page

    def fill_body(self, page, blocks, field="body"):
        """Write a StreamField's blocks and publish, once: a page whose field has content is left alone."""
        if getattr(page, field):
            return
        setattr(page, field, self.resolve_page_keys(blocks))
        page.save_revision().publish()
        self.say(f"Wrote the {field} of {page.url_path}")

    def resolve_page_keys(self, blocks):
        """Call-to-action blocks name their target page by demo key; store the page id instead."""
        for item in blocks:
            if item["type"] == "call_to_action" and isinstance(item["value"]["page"], str):
                item["value"]["page"] = self.pages[item["value"]["page"]].pk
        return blocks

    # Site-wide content ----------------------------------------------------------------------------

    def ensure_page(self, home, model, spec):
        fields = {
            "title": spec["title"],
            "search_description": spec.get("search_description", ""),
            "show_in_menus": spec.get("show_in_menus", False),
            "intro": spec["intro"],
        }
        return self.ensure_child(home, model, spec["slug"], **fields)

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

    def ensure_navigation(self, site):
        navigation = NavigationSettings.for_site(site)
        if navigation.main_menu_items.exists() or navigation.footer_menu_items.exists():
            return
        children = {page.slug: page for page in self.home.get_children()}
        navigation.support_page = children.get(content.SUPPORT_PAGE)
        navigation.save()
        for model, slugs in ((MainMenuItem, content.MAIN_MENU), (FooterMenuItem, content.FOOTER_MENU)):
            for order, slug in enumerate(slugs):
                if slug in children:  # an app left out with DEMO_APPS has no page here
                    model.objects.create(setting=navigation, page=children[slug], sort_order=order)
        for order, (name, url) in enumerate(content.SOCIAL_LINKS):
            SocialLink.objects.create(setting=navigation, name=name, url=url, sort_order=order)
        self.say("Set the main menu, the footer links and the social profiles")

    def ensure_site_alert(self):
        spec = content.SITE_ALERT
        english = Locale.get_default()
        translation_key = uuid.uuid5(content.DEMO_NAMESPACE, f"sitealert:{spec['key']}")
        alert = SiteAlert.objects.filter(translation_key=translation_key, locale=english).first()
        if alert is None:
            alert = SiteAlert.objects.create(
                translation_key=translation_key,
                locale=english,
                text=spec["text"],
                level=spec["level"],
                link_page=self.pages.get(spec["link_page"]),
                ends_at=timezone.now() + timedelta(days=spec["days"]),
            )
            self.say("Published the site-wide alert")
        self.register(spec["key"], alert, spec["translations"], WEBSITE_PO_ROOT)

    # Translations ---------------------------------------------------------------------------------

    def ensure_translation(self, item, language_code):
        locale = Locale.objects.get(language_code=language_code)
        if item.instance.get_translations().filter(locale=locale).exists():
            return
        path = item.po_path(language_code)
        if not path.exists():
            logger.warning("No demo translation of %s into %s (%s)", item.key, language_code, path)
            return
        with transaction.atomic():
            source, _created = TranslationSource.get_or_create_from_instance(item.instance)
            translation, _created = Translation.objects.get_or_create(
                source=source, target_locale=locale, defaults={"enabled": True}
            )
            warnings = translation.import_po(polib.pofile(str(path)), tool_name="demo content")
            for warning in warnings:
                logger.warning("%s/%s: %s", language_code, item.key, warning)
            translation.save_target(publish=True)
        self.say(f"Translated {item.key} into {language_code}")


def export_po_files(stdout=None, only_app=None):
    """Write the PO file of every demo object and language, keeping the translations already in it.

    This is what a translator receives from wagtail-localize's "Download PO file"; the files are
    kept in the repository so that `load_demo_content` can import them on any fresh database.
    """
    loader = DemoLoader()
    loader.build()
    written = []
    for item in loader.translatables:
        if only_app and item.po_root != app_po_root(only_app):
            continue
        source, _created = TranslationSource.get_or_create_from_instance(item.instance)
        source.update_from_db()
        for language_code in item.languages:
            locale = Locale.objects.get(language_code=language_code)
            translation, _created = Translation.objects.get_or_create(
                source=source, target_locale=locale, defaults={"enabled": True}
            )
            po = translation.export_po()
            path = item.po_path(language_code)
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
