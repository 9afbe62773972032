"""The newsletter's demo content: the signup page and three topics, in every language.

English here; the other languages in newsletter/demo/locale/<language>/<key>.po, imported through
wagtail-localize. No demo subscriber is created: addresses are personal data, even in a demo.
"""

import uuid

from wagtail.models import Locale

from website.demo.content import DEMO_NAMESPACE, FULL
from website.demo.loader import app_po_root

from .models import NewsletterSignupPage, Topic

TOPICS = [
    {
        "key": "news",
        "name": "News and statements",
        "description": "Our news, and what we say about defenders at risk.",
        "sort_order": 1,
    },
    {
        "key": "programmes",
        "name": "Support programmes",
        "description": "When a programme opens, pauses or changes its rules.",
        "sort_order": 2,
    },
    {
        "key": "vacancies",
        "name": "Jobs and calls",
        "description": "Job openings, consultancies and calls for proposals.",
        "sort_order": 3,
    },
]


def ensure_topic(loader, spec):
    """The English topic for this key, created if missing (found again by its translation key)."""
    english = Locale.get_default()
    translation_key = uuid.uuid5(DEMO_NAMESPACE, f"topic:{spec['key']}")
    existing = Topic.objects.filter(translation_key=translation_key, locale=english).first()
    if existing is not None:
        return existing
    topic = Topic.objects.create(translation_key=translation_key, locale=english, **spec)
    loader.say(f"Created newsletter topic {topic}")
    return topic


def build(loader):
    po_root = app_po_root("newsletter")
    for spec in TOPICS:
        topic = ensure_topic(loader, spec)
        loader.register(f"topic-{spec['key']}", topic, FULL, po_root)
    page = loader.ensure_child(
        loader.home,
        NewsletterSignupPage,
        "newsletter",
        title="Newsletter",
        search_description="Get our news, programme openings and vacancies by email, in your language.",
        intro=(
            "<p>Once or twice a month: our news, the opening of support programmes, and vacancies. "
            "Choose your language and the topics you care about. You can unsubscribe at any time, "
            "with one click.</p>"
        ),
        privacy_page=loader.pages["privacy"],
    )
    loader.register("newsletter", page, FULL, po_root)
