"""Who we are and the notices: pages of their own types, the snippets they show, and their translations.

The demo loader calls `build(loader)` after the site-wide standard pages (the who-we-are page links to
the contact page), as it calls each app's `demo.py`. The data is in `content.py`.
"""

import uuid
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from wagtail.models import Locale

from website.models import NoticeIndexPage, NoticePage, Organisation, Person, StandardPage, WhoWeArePage

from . import content

WEBSITE_PO_ROOT = Path(__file__).resolve().parent / "locale"


def build(loader):
    home = loader.home
    replace_legacy_pages(loader, home)

    spec = content.WHO_WE_ARE
    who_we_are = loader.ensure_child(
        home,
        WhoWeArePage,
        spec["slug"],
        title=spec["title"],
        search_description=spec["search_description"],
        show_in_menus=spec["show_in_menus"],
        intro=spec["intro"],
        board_rotation_start=spec["board_rotation_start"],
        board_turn_months=spec["board_turn_months"],
    )
    loader.fill_body(who_we_are, spec["body"](spec["key"]))
    loader.register(spec["key"], who_we_are, spec["translations"], WEBSITE_PO_ROOT)

    for organisation in content.ORGANISATIONS:
        instance = ensure_snippet(
            loader,
            Organisation,
            organisation["key"],
            name=organisation["name"],
            acronym=organisation["acronym"],
            url=organisation["url"],
            description=organisation["description"],
            is_board_member="board_order" in organisation,
            board_order=organisation.get("board_order", 0),
        )
        loader.register(
            f"organisation-{organisation['key']}", instance, spec["translations"], WEBSITE_PO_ROOT
        )
    for person in content.SECRETARIAT:
        instance = ensure_snippet(
            loader,
            Person,
            person["key"],
            name=person["name"],
            role=person["role"],
            sort_order=person["sort_order"],
            is_visible=person.get("is_visible", True),
        )
        loader.register(f"person-{person['key']}", instance, spec["translations"], WEBSITE_PO_ROOT)

    spec = content.NOTICE_INDEX
    notices = loader.ensure_child(
        home,
        NoticeIndexPage,
        spec["slug"],
        title=spec["title"],
        search_description=spec["search_description"],
        show_in_menus=spec["show_in_menus"],
        intro=spec["intro"],
    )
    if notices.live_revision_id is None:
        # No body to write: publish once so that it has a revision and a publication date like the others.
        notices.save_revision().publish()
        loader.say(f"Published {notices.url_path}")
    loader.register(spec["key"], notices, spec["translations"], WEBSITE_PO_ROOT)

    for notice_spec in content.NOTICES:
        notice = loader.ensure_child(
            notices,
            NoticePage,
            notice_spec["slug"],
            title=notice_spec["title"],
            search_description=notice_spec["search_description"],
            summary=notice_spec["summary"],
            banner_until=(
                timezone.now() + timedelta(days=days) if (days := notice_spec["banner_days"]) else None
            ),
        )
        loader.fill_body(notice, notice_spec["body"](notice_spec["key"]))
        loader.register(notice_spec["key"], notice, notice_spec["translations"], WEBSITE_PO_ROOT)


def ensure_snippet(loader, model, key, **fields):
    """The English snippet for this demo key, created if missing.

    Its translation key is derived from the demo key, so it is found again on the next run even after
    an editor changed its name.
    """
    english = Locale.get_default()
    translation_key = uuid.uuid5(content.DEMO_NAMESPACE, f"{model._meta.model_name}:{key}")
    existing = model.objects.filter(translation_key=translation_key, locale=english).first()
    if existing is not None:
        return existing
    instance = model.objects.create(translation_key=translation_key, locale=english, **fields)
    loader.say(f"Created {model._meta.verbose_name} {instance}")
    return instance


def replace_legacy_pages(loader, home):
    """Demo databases built before these page types existed: remove the old demo pages they replace.

    The who-we-are page used to be a standard page, and the notices lived directly under the home page;
    both are demo content, rebuilt right after in their new form (with their translations).
    """
    legacy = list(StandardPage.objects.child_of(home).filter(slug=content.WHO_WE_ARE["slug"]))
    legacy += NoticePage.objects.child_of(home).filter(slug__in=[spec["slug"] for spec in content.NOTICES])
    for page in legacy:
        for translation in page.get_translations(inclusive=True):
            translation.delete()
        loader.say(f"Removed the old demo page {page.url_path} and its translations")
