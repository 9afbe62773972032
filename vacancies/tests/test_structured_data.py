"""Each vacancy describes itself to search engines as a schema.org JobPosting that cannot be broken out of."""

from datetime import datetime

from django.utils.html import strip_tags
from wagtail.models import Locale

from vacancies.factories import VacancyPageFactory
from vacancies.models import VacancyPage

from .helpers import english_index, json_ld


def english(slug):
    return VacancyPage.objects.get(locale__language_code="en", slug=slug)


def test_a_job_in_brussels(client, demo_site):
    vacancy = english("programme-officer-emergency-support")
    data = json_ld(client.get(vacancy.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Programme Officer, Emergency Support"
    assert data["description"].startswith(vacancy.summary)
    assert "The Emergency Support team answers requests" in data["description"]
    assert "Calm judgement under pressure" in data["description"]
    assert "<" not in data["description"] and "Level 2" not in data["description"]
    assert data["datePosted"] == vacancy.date_posted.isoformat()
    valid_through = datetime.fromisoformat(data["validThrough"])
    assert valid_through == vacancy.closing_at
    assert valid_through.utcoffset() is not None
    assert valid_through.hour == 17  # Brussels wall-clock time, with its offset
    assert data["employmentType"] == "FULL_TIME"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "ProtectDefenders.eu",
        "url": "http://testserver/",
    }
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {"@type": "PostalAddress", "addressLocality": "Brussels, Belgium", "addressCountry": "BE"},
    }
    assert "applicantLocationRequirements" not in data
    assert data["url"] == f"http://testserver{vacancy.url}"


def test_a_remote_consultancy(client, demo_site):
    data = json_ld(client.get(english("evaluation-consultancy").url).content.decode())
    assert data["employmentType"] == "CONTRACTOR"
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "AdministrativeArea", "name": "Any country"}
    assert "jobLocation" not in data


def test_an_internship(client, demo_site):
    data = json_ld(client.get(english("communications-internship").url).content.decode())
    assert data["employmentType"] == "INTERN"


def test_translations_describe_themselves_in_their_language(client, demo_site):
    french = english("evaluation-consultancy").get_translation(Locale.objects.get(language_code="fr"))
    data = json_ld(client.get(french.url).content.decode())
    assert data["title"] == french.title != "Consultancy: evaluation of the Emergency Support Programme"
    assert data["applicantLocationRequirements"]["name"] == "Tout pays"
    assert data["description"].startswith(french.summary)
    assert data["url"].startswith("http://testserver/fr/")


def test_nothing_an_editor_types_can_end_the_script_element(client, demo_site):
    title = "Officer </script><script>alert(1)</script> <!-- & more"
    vacancy = VacancyPageFactory(parent=english_index(), title=title, summary="A </SCRIPT> in the summary.")
    html = client.get(vacancy.url).content.decode()
    assert "<script>alert(1)" not in html
    data = json_ld(html)
    assert data["title"] == title
    assert data["description"].startswith("A </SCRIPT> in the summary.")


def test_closed_vacancies_keep_their_past_valid_through(client, demo_site):
    vacancy = english("finance-and-grants-officer")
    data = json_ld(client.get(vacancy.url).content.decode())
    assert datetime.fromisoformat(data["validThrough"]) == vacancy.closing_at


def test_plain_text_keeps_one_line_per_paragraph_and_list_item(demo_site):
    text = english("evaluation-consultancy").plain_text()
    assert "An inception report describing the method and the safeguards for interviewees.\nA draft" in text
    assert text == strip_tags(text)
