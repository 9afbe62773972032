"""Anchors are the same in every language and never reach translators; the questions are translated."""

import polib
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.ingest import ingest_segments

from faq.models import FAQPage

from .conftest import get_soup, question_headings


def anchors(page):
    return [
        (section.value["anchor"], [item["anchor"] for item in section.value["questions"]])
        for section in page.body
    ]


def test_anchors_are_identical_in_every_language_and_questions_are_translated(client, demo_site):
    english = get_soup(client, "/en/faq/")
    english_ids = [element["id"] for element in english.find_all(id=True)]
    english_questions = [h3.get_text() for h3 in question_headings(english)]
    for language in ["fr", "es", "ru", "ar"]:
        soup = get_soup(client, f"/{language}/faq/")
        assert [element["id"] for element in soup.find_all(id=True)] == english_ids, language
        questions = [h3.get_text() for h3 in question_headings(soup)]
        assert len(questions) == len(english_questions)
        untranslated = [q for q, en in zip(questions, english_questions, strict=True) if q == en]
        assert not untranslated, (language, untranslated)
        assert soup.find(id="who-funds-us").get_text() != english.find(id="who-funds-us").get_text()


def test_anchors_are_not_offered_for_translation(english_faq):
    source, _created = TranslationSource.get_or_create_from_instance(english_faq)
    translation = Translation.objects.get(source=source, target_locale__language_code="fr")
    po = translation.export_po()
    messages = {entry.msgid for entry in po}
    contexts = {entry.msgctxt for entry in po}
    page_anchors = [slug for section, items in anchors(english_faq) for slug in [section, *items]]
    assert len(page_anchors) >= 31
    assert not messages & set(page_anchors)
    assert not [context for context in contexts if context.endswith(".anchor")]
    # The questions themselves are there for the translator.
    assert "Who funds ProtectDefenders.eu?" in messages
    assert not [segment for segment in extract_segments(english_faq) if segment.path.endswith(".anchor")]


def test_importing_translations_keeps_the_source_anchors(english_faq):
    arabic = FAQPage.objects.get(locale__language_code="ar")
    assert anchors(arabic) == anchors(english_faq)
    # Even a translation that carries a value for an anchor (from an older PO file or a hand edit)
    # cannot change it: AnchorBlock restores the source value.
    section = english_faq.body[0]
    item = section.value["questions"].bound_blocks[0]
    forged = StringSegmentValue(f"body.{section.id}.questions.{item.id}.anchor", "translated-anchor")
    translated = FAQPage.objects.get(pk=arabic.pk)
    ingest_segments(english_faq, translated, english_faq.locale, arabic.locale, [forged])
    assert translated.body[0].value["questions"][0]["anchor"] == item.value["anchor"] != "translated-anchor"


def test_changing_an_anchor_in_english_reaches_every_translation_on_sync(english_faq):
    english_faq.body[1].value["questions"][0]["anchor"] = "who-pays-for-us"
    english_faq.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(english_faq)
    source.update_from_db()
    for language in ["fr", "ar"]:
        translation = Translation.objects.get(source=source, target_locale__language_code=language)
        translation.save_target(publish=True)
        page = FAQPage.objects.get(locale__language_code=language)
        assert page.body[1].value["questions"][0]["anchor"] == "who-pays-for-us"
        # The translated question is still there: only the anchor followed the source.
        assert page.body[1].value["questions"][0]["question"] != "Who funds ProtectDefenders.eu?"


def test_demo_po_files_are_complete_and_hold_no_anchor(english_faq):
    from faq.demo import KEY
    from website.demo.loader import app_po_root

    page_anchors = {slug for section, items in anchors(english_faq) for slug in [section, *items]}
    for language in ["fr", "es", "ru", "ar"]:
        po = polib.pofile(str(app_po_root("faq") / language / f"{KEY}.po"))
        assert po.untranslated_entries() == [], language
        assert not {entry.msgid for entry in po} & page_anchors
