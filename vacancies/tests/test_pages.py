"""The vacancy index and pages: where they live, what they show and what they cost."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import HomePage
from vacancies.factories import VacancyIndexPageFactory, VacancyPageFactory
from vacancies.models import VacancyIndexPage, VacancyPage

from .helpers import english_index, section


def test_vacancies_are_in_the_main_navigation_of_every_complete_language(client, demo_site):
    for language in ["en", "fr", "es", "ru", "ar"]:
        nav = client.get(f"/{language}/").content.decode().split('class="main-nav"')[1].split("</nav>")[0]
        assert f'href="/{language}/vacancies/"' in nav, language


def test_meta_descriptions_come_from_the_intro_and_the_summary(client, demo_site):
    index_page = english_index()
    html = client.get(index_page.url).content.decode()
    assert f'<meta name="description" content="{index_page.intro[:50]}' in html
    vacancy = VacancyPage.objects.get(locale__language_code="en", slug="communications-internship")
    html = client.get(vacancy.url).content.decode()
    assert '<meta name="description" content="Spend six months with our communications team' in html


def test_vacancy_page_shows_its_facts(client, demo_site):
    vacancy = VacancyPage.objects.get(locale__language_code="en", slug="evaluation-consultancy")
    html = client.get(vacancy.url).content.decode()
    assert "<dt>Kind</dt><dd>Consultancy</dd>" in html
    assert "<dt>Remote work</dt><dd>Possible (Any country)</dd>" in html
    assert "<dt>Contract</dt><dd>About 35 working days over four months</dd>" in html
    assert "<dt>Location</dt>" not in html
    assert 'href="mailto:recruitment@protectdefenders.eu"' in section_how_to_apply(html)


def section_how_to_apply(html):
    return html.split('<section class="vacancy-apply"')[1].split("</section>")[0]


def test_a_closed_vacancy_says_so_and_drops_the_apply_instructions(client, demo_site):
    vacancy = VacancyPage.objects.get(locale__language_code="en", slug="finance-and-grants-officer")
    html = client.get(vacancy.url).content.decode()
    assert "This vacancy is closed" in html
    assert "We no longer accept applications for this vacancy." in html
    assert 'class="vacancy-apply"' not in html
    assert "recruitment@protectdefenders.eu" not in html
    assert 'href="/en/vacancies/#open-vacancies"' in html


def test_translated_pages_show_translated_content(client, demo_site):
    html = client.get("/es/vacancies/").content.decode()
    assert "<h1>Vacantes</h1>" in html
    assert "Prácticas en comunicación" in section(html, "open-vacancies")
    assert "Responsable de Finanzas y Subvenciones" in section(html, "closed-vacancies")
    assert "Communications Intern" not in html
    html = client.get("/ar/vacancies/programme-officer-emergency-support/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "مسؤول برامج، الدعم الطارئ" in html
    assert "بروكسل، بلجيكا" in html


def test_the_index_costs_the_same_queries_for_10_and_50_vacancies(client, demo_site):
    home = english_index().get_parent()
    index_page = VacancyIndexPageFactory(parent=home, slug="jobs-query-count")
    now = timezone.now()
    counts = []
    for total in (10, 50):
        existing = VacancyPage.objects.child_of(index_page).count()
        for number in range(existing, total):
            # Half open, half closed, so both lists grow.
            offset = timedelta(days=number + 1) if number % 2 else -timedelta(days=number + 1)
            VacancyPageFactory(parent=index_page, closing_at=now + offset, remote_allowed=number % 3 == 0)
        client.get(index_page.url)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(index_page.url).content.decode()
        assert html.count('class="vacancy-card"') == min(total // 2, 20) + total // 2
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_only_the_twenty_most_recently_closed_are_listed(client, demo_site):
    now = timezone.now()
    for days in range(1, 26):
        VacancyPageFactory(
            parent=english_index(), title=f"Old post {days:02d}", closing_at=now - timedelta(days=days)
        )
    closed = section(client.get("/en/vacancies/").content.decode(), "closed-vacancies")
    assert "Old post 01" in closed and "Old post 19" in closed
    assert "Old post 20" not in closed  # the demo's closed vacancy (10 days ago) takes one place


def test_page_tree_rules(demo_site):
    home = HomePage.objects.get(locale__language_code="en")
    assert not VacancyPage.can_create_at(home)
    assert VacancyPage.can_create_at(english_index())
    assert VacancyIndexPage.allowed_parent_page_models() == [HomePage]
    assert VacancyPage.allowed_subpage_models() == []
    assert not VacancyIndexPage.can_create_at(home)  # one per language, and the demo has it


def test_a_vacancy_needs_a_location_or_remote_work(demo_site):
    vacancy = VacancyPageFactory.build(location="", remote_allowed=False)
    with pytest.raises(ValidationError) as error:
        vacancy.clean()
    assert "location" in error.value.message_dict
    VacancyPageFactory.build(location="", remote_allowed=True).clean()
