"""A programme page says whether it takes requests, and its button leads to the reader's own form."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import date_format
from wagtail.models import Locale, Page

from programmes.models import ProgrammeKey, ProgrammeStatus
from website.factories import StandardPageFactory

from .helpers import LANGUAGES, apply_section, programme, publish, status_banner, sync_translations


def test_paused_programme_shows_its_status_date_and_message(client, demo_site):
    shelter = programme("shelter-initiatives")
    assert shelter.status == ProgrammeStatus.PAUSED and shelter.status_date is not None
    banner = status_banner(client.get("/en/programmes/shelter-initiatives/").content.decode())
    assert 'class="programme-status programme-status--paused"' in banner
    with translation.override("en"):
        assert f"<strong>Paused until {date_format(shelter.status_date)}</strong>" in banner
    assert "not accepting new shelter proposals for now" in banner


def test_paused_message_is_shown_in_the_readers_language(client, demo_site):
    banner = status_banner(client.get("/fr/programmes/shelter-initiatives/").content.decode())
    assert "n&#x27;acceptons pas de nouvelles propositions de refuges" in banner
    assert "not accepting new shelter proposals" not in banner


def test_closed_programme_says_so_in_words_with_its_message(client, demo_site):
    emergency = programme("emergency-support")
    emergency.status = ProgrammeStatus.CLOSED
    emergency.status_date = datetime.date(2026, 1, 31)
    emergency.status_message = "This programme has been replaced by a new one."
    publish(emergency)
    banner = status_banner(client.get("/en/programmes/emergency-support/").content.decode())
    assert 'class="programme-status programme-status--closed"' in banner
    assert "<strong>Closed since Jan. 31, 2026</strong>" in banner
    assert "This programme has been replaced by a new one." in banner


def test_status_without_a_date_is_still_said_in_words(client, demo_site):
    emergency = programme("emergency-support")
    emergency.status = ProgrammeStatus.PAUSED
    publish(emergency)
    banner = status_banner(client.get("/en/programmes/emergency-support/").content.decode())
    assert "<strong>Paused: not taking new requests for now</strong>" in banner


def test_open_programme_says_it_is_open_without_a_warning(client, demo_site):
    banner = status_banner(client.get("/en/programmes/temporary-relocation/").content.decode())
    assert "programme-status--open" in banner
    assert "<strong>Open for requests</strong>" in banner
    assert "programme-status__message" not in banner


@pytest.mark.parametrize("language", LANGUAGES)
def test_request_button_preselects_the_programme_in_the_readers_language(client, demo_site, language):
    section = apply_section(client.get(f"/{language}/programmes/emergency-support/").content.decode())
    button = re.search(r'<a class="button[^"]*" href="([^"]+)">([^<]+)</a>', section)
    assert button.group(1) == f"/{language}/request-support/?programme=emergency"
    english_label = "Request emergency support"
    assert (button.group(2) == english_label) == (language == "en")


@pytest.mark.parametrize(
    ("slug", "key"),
    [("temporary-relocation", "relocation"), ("strengthening-organisations", "organisations")],
)
def test_each_open_programme_preselects_its_own_key(client, demo_site, slug, key):
    section = apply_section(client.get(f"/ar/programmes/{slug}/").content.decode())
    assert f'href="/ar/request-support/?programme={key}"' in section


def test_programme_without_a_key_links_to_the_form_without_preselection(client, demo_site):
    section = apply_section(client.get("/es/programmes/eu-temporary-relocation-platform/").content.decode())
    assert 'href="/es/request-support/"' in section
    assert "?programme=" not in section


def test_paused_programme_offers_no_preselected_request(client, demo_site):
    section = apply_section(client.get("/ru/programmes/shelter-initiatives/").content.decode())
    assert "?programme=" not in section
    assert 'class="button' not in section
    assert '<a href="/ru/request-support/">' in section


def test_request_button_falls_back_to_the_label_when_the_editor_left_it_empty(client, demo_site):
    emergency = programme("emergency-support")
    emergency.apply_button_label = ""
    publish(emergency)
    section = apply_section(client.get("/en/programmes/emergency-support/").content.decode())
    assert ">Request support</a>" in section


def test_unpublished_request_page_is_not_linked(client, demo_site):
    form = Page.objects.get(slug="request-support", locale__language_code="en")
    form.unpublish()
    content = client.get("/en/programmes/emergency-support/").content.decode()
    assert 'href="/en/request-support/' not in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_canada_stream_says_plainly_that_canada_decides(client, demo_site, language):
    content = client.get(f"/{language}/programmes/canada-resettlement-stream/").content.decode()
    assert "IRCC" in content
    if language == "en":
        assert (
            "ProtectDefenders.eu refers people to the Canadian government and does not take the decision"
            in content
        )
        assert "Immigration, Refugees and Citizenship Canada" in content
    if language == "fr":
        assert "ne prend pas la décision" in content


def test_summary_is_the_meta_description(client, demo_site):
    content = client.get("/pt/programmes/temporary-relocation/").content.decode()
    summary = programme("temporary-relocation", "pt").summary
    assert f'<meta name="description" content="{summary}">' in content


def test_restrictions_say_eu_organisations_are_not_eligible(client, demo_site):
    content = client.get("/en/programmes/strengthening-organisations/").content.decode()
    restrictions = re.search(r'<section[^>]*aria-labelledby="limits">.*?</section>', content, re.S).group(0)
    assert "registered in a European Union member state cannot receive a grant" in restrictions


def test_related_faq_leads_to_the_readers_language_or_says_it_is_english(
    client, demo_site, django_capture_on_commit_callbacks
):
    # A page translated into French but not into Persian stands in for the FAQ page.
    english_home = Page.objects.get(depth=2, locale=Locale.get_default())
    questions = StandardPageFactory(parent=english_home, slug="questions", title="Questions")
    french_questions = questions.copy_for_translation(Locale.objects.get(language_code="fr"))
    french_questions.title = "Questions fréquentes"
    publish(french_questions)
    emergency = programme("emergency-support")
    emergency.related_faq = questions
    publish(emergency)
    sync_translations(emergency, django_capture_on_commit_callbacks)

    french = client.get("/fr/programmes/emergency-support/").content.decode()
    assert '<a href="/fr/questions/">Questions fréquentes</a>' in french
    persian = client.get("/fa/programmes/emergency-support/").content.decode()
    assert '<a href="/en/questions/" hreflang="en">Questions</a>' in persian


def test_two_programmes_cannot_share_a_key_in_one_language(demo_site):
    relocation = programme("temporary-relocation")
    relocation.programme_key = ProgrammeKey.EMERGENCY
    with pytest.raises(ValidationError) as error:
        relocation.full_clean()
    assert "programme_key" in error.value.message_dict
    # A translation shares its source's key by design.
    programme("emergency-support", "fr").full_clean()


def test_demo_programmes_link_to_the_faq_in_the_readers_language(client, demo_site):
    assert 'href="/ar/faq/"' in client.get("/ar/programmes/emergency-support/").content.decode()
    # No Persian FAQ: the link says it leads to the English page.
    assert 'href="/en/faq/" hreflang="en"' in client.get("/fa/programmes/emergency-support/").content.decode()
