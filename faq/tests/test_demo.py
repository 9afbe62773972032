"""The demo FAQ: six sections, at least 25 answers, the organisation's promises stated correctly."""

from faq.models import FAQPage

from .conftest import get_soup, question_headings

SECTIONS = [
    "About us",
    "Funding and mandate",
    "Eligibility",
    "Our programmes",
    "Working with us",
    "Safety and privacy",
]


def test_demo_faq_has_six_sections_and_at_least_25_answers(client, english_faq):
    assert [section.value["title"] for section in english_faq.body] == SECTIONS
    soup = get_soup(client, "/en/faq/")
    answers = [h3.parent.select_one(".rich-text").get_text(strip=True) for h3 in question_headings(soup)]
    assert len(answers) >= 25
    assert all(answers)


def test_demo_faq_states_funding_eligibility_and_complaint_deadlines(client, demo_site):
    soup = get_soup(client, "/en/faq/")

    def answer(anchor):
        return soup.find(id=anchor).parent.select_one(".rich-text").get_text(" ", strip=True)

    assert "95%" in answer("who-funds-us")
    assert "not open" in answer("eu-citizens")
    assert "Strengthening Organisations" in answer("eu-registered-organisations")
    deadlines = answer("complaint-deadlines")
    assert "at once" in deadlines and "15 days" in deadlines and "30 days" in deadlines


def test_demo_faq_exists_in_the_complete_languages_only(demo_site):
    languages = set(FAQPage.objects.values_list("locale__language_code", flat=True))
    assert languages == {"en", "fr", "es", "ru", "ar"}
    assert FAQPage.objects.filter(live=True, show_in_menus=True, slug="faq").count() == 5
