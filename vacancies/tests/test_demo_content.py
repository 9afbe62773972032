"""The demo vacancies: translated, one closed, one closing soon, with a terms-of-reference PDF."""

import re
from datetime import timedelta

from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail_localize.models import Translation

from vacancies.demo import EVALUATION_TOR
from vacancies.models import VacancyIndexPage, VacancyPage
from vacancies.pdf import text_pdf
from website.demo.loader import DemoLoader

COMPLETE = ["fr", "es", "ru", "ar"]


def english_vacancies():
    return VacancyPage.objects.filter(locale__language_code="en").order_by("closing_at")


def test_four_vacancies_one_closed_and_one_closing_within_days(demo_site):
    now = timezone.now()
    vacancies = list(english_vacancies())
    assert len(vacancies) == 4
    assert {vacancy.kind for vacancy in vacancies} == {"job", "consultancy", "internship"}
    assert [vacancy.slug for vacancy in vacancies if vacancy.closing_at <= now] == [
        "finance-and-grants-officer"
    ]
    closing_soon = [
        vacancy.slug for vacancy in vacancies if now < vacancy.closing_at < now + timedelta(days=5)
    ]
    assert closing_soon == ["evaluation-consultancy"]


def test_index_and_every_vacancy_are_translated_with_wagtail_localize(demo_site):
    english_index = VacancyIndexPage.objects.get(locale__language_code="en")
    for page in [english_index, *english_vacancies()]:
        for language in COMPLETE:
            translated = page.get_translations().get(locale__language_code=language).specific
            assert translated.live, (page.slug, language)
            assert translated.title != page.title, (page.slug, language)
            assert Translation.objects.filter(
                source__object_id=page.translation_key, target_locale__language_code=language
            ).exists()
            if isinstance(page, VacancyPage):
                assert translated.summary != page.summary
                assert translated.closing_at == page.closing_at
                assert translated.kind == page.kind
                assert translated.terms_of_reference_id == page.terms_of_reference_id


def test_a_second_load_changes_no_closing_time(demo_site):
    before = {vacancy.pk: vacancy.closing_at for vacancy in VacancyPage.objects.all()}
    documents = get_document_model().objects.count()
    assert DemoLoader().load() == 0
    assert {vacancy.pk: vacancy.closing_at for vacancy in VacancyPage.objects.all()} == before
    assert get_document_model().objects.count() == documents


def test_terms_of_reference_link_downloads_the_pdf_in_every_language(client, demo_site):
    for language in ["en", "fr", "ar"]:
        html = client.get(f"/{language}/vacancies/evaluation-consultancy/").content.decode()
        match = re.search(r'<p class="document-link"><a href="([^"]+)">', html)
        assert match, language
        response = client.get(match.group(1))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF-1.4") and body.rstrip().endswith(b"%%EOF")
        assert "(PDF, 2" in html  # its type and size beside the link


def test_the_demo_pdf_is_well_formed():
    data = text_pdf(EVALUATION_TOR["title"], EVALUATION_TOR["paragraphs"])
    startxref = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))
    assert data[startxref:].startswith(b"xref\n0 7\n")
    entries = re.findall(rb"(\d{10}) 00000 n \n", data[startxref:])
    assert len(entries) == 6
    for number, offset in enumerate(entries, start=1):
        assert data[int(offset) :].startswith(f"{number} 0 obj\n".encode())
    stream_length = int(re.search(rb"/Length (\d+) >>\nstream\n", data).group(1))
    stream_start = data.index(b"stream\n") + len(b"stream\n")
    assert data[stream_start + stream_length :].startswith(b"\nendstream")
    assert b"(Deliverables. An inception report; a draft report discussed with the Secretariat; a) Tj" in data
