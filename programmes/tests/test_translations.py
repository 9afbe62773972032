"""Every programme exists in every language; its key and status stay one value across all of them."""

import datetime

import pytest
from wagtail.models import Locale
from wagtail_localize.fields import SynchronizedField, TranslatableField
from wagtail_localize.models import OverridableSegment, StringSegment, Translation

from programmes.models import ProgrammeIndexPage, ProgrammeKey, ProgrammePage, ProgrammeStatus

from .helpers import LANGUAGES, SLUGS, programme, publish, sync_translations

OWN_SYNCHRONISED = ["programme_key", "status", "status_date", "apply_page", "related_faq"]
SYNCHRONISED = OWN_SYNCHRONISED + ["slug"]
TRANSLATED = [
    "title",
    "summary",
    "status_message",
    "who_can_apply",
    "what_it_covers",
    "amounts",
    "limits",
    "how_to_apply",
    "apply_button_label",
]


@pytest.mark.parametrize("slug", SLUGS)
def test_each_programme_exists_in_all_seven_languages_with_a_translated_title(client, demo_site, slug):
    english = programme(slug)
    translations = {
        page.locale.language_code: page for page in english.get_translations(inclusive=True).live()
    }
    assert sorted(translations) == sorted(LANGUAGES)
    for language, page in translations.items():
        if language != "en":
            assert page.title and page.title != english.title, language
        response = client.get(f"/{language}/programmes/{slug}/")
        assert response.status_code == 200, language
        assert f"<h1>{page.specific.title}</h1>".replace("'", "&#x27;") in response.content.decode()


def test_index_exists_in_all_seven_languages_with_a_translated_intro(client, demo_site):
    english = ProgrammeIndexPage.objects.get(locale=Locale.get_default())
    for language in LANGUAGES:
        page = english.get_translation(Locale.objects.get(language_code=language))
        assert page.live
        if language != "en":
            assert page.intro and page.intro != english.intro, language
        assert client.get(f"/{language}/programmes/").status_code == 200


def test_keys_status_and_page_references_are_synchronised_never_translated():
    declared = {field.field_name: field for field in ProgrammePage.override_translatable_fields}
    for name in SYNCHRONISED:
        assert type(declared[name]) is SynchronizedField, name
    for name in OWN_SYNCHRONISED:
        # Not even a translator's override may change the value the support form relies on.
        assert declared[name].overridable is False, name
    for name in TRANSLATED:
        assert type(declared[name]) is TranslatableField, name
    own_fields = {
        field.name
        for field in ProgrammePage._meta.get_fields()
        if field.concrete and field.model is ProgrammePage
    }
    # Every field this model adds is declared explicitly, one way or the other.
    assert own_fields - {"page_ptr"} <= set(declared)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_translation_has_the_same_key_and_status_as_the_english_page(demo_site, slug):
    english = programme(slug)
    for language in LANGUAGES[1:]:
        translated = programme(slug, language)
        assert translated.programme_key == english.programme_key, language
        assert (translated.status, translated.status_date) == (english.status, english.status_date), language
        assert translated.apply_page_id == english.apply_page_id, language


def test_changing_key_and_status_in_english_and_syncing_copies_them_untranslated(
    demo_site, django_capture_on_commit_callbacks
):
    english = programme("emergency-support")
    assert programme("emergency-support", "fr").programme_key == ProgrammeKey.EMERGENCY
    english.programme_key = ProgrammeKey.NONE
    english.status = ProgrammeStatus.CLOSED
    english.status_date = datetime.date(2026, 6, 30)
    english.status_message = "Closed for review."
    publish(english)

    source = sync_translations(english, django_capture_on_commit_callbacks)

    for language in LANGUAGES[1:]:
        translated = programme("emergency-support", language)
        assert translated.programme_key == ProgrammeKey.NONE, language
        assert translated.status == ProgrammeStatus.CLOSED, language
        assert translated.status_date == datetime.date(2026, 6, 30), language
    contexts = set(StringSegment.objects.filter(source=source).values_list("context__path", flat=True))
    contexts |= set(OverridableSegment.objects.filter(source=source).values_list("context__path", flat=True))
    assert "status_message" in contexts  # the new message is offered to translators…
    assert not contexts & set(OWN_SYNCHRONISED)  # …the key, status, date and page references are not.
    french = Translation.objects.get(source=source, target_locale__language_code="fr")
    po_contexts = {entry.msgctxt for entry in french.export_po()}
    assert "status_message" in po_contexts
    assert not po_contexts & set(OWN_SYNCHRONISED)
