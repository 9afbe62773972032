"""The programmes section: in the main navigation, a card per programme with its status, flat query count."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from home.models import HomePage
from programmes.factories import ProgrammeIndexPageFactory, ProgrammePageFactory
from programmes.models import ProgrammeIndexPage, ProgrammePage, ProgrammeStatus

from .helpers import programme


def cards(content):
    return re.findall(r'<li class="card programme-card">.*?</li>', content, re.S)


def test_index_lists_every_programme_with_its_status(client, demo_site):
    content = client.get("/en/programmes/").content.decode()
    listed = cards(content)
    assert len(listed) == 6
    assert 'href="/en/programmes/emergency-support/">Emergency support</a>' in listed[0]
    assert "Open for requests" in listed[0]
    shelter = next(card for card in listed if "shelter-initiatives" in card)
    assert 'programme-card__status--paused">Paused until' in shelter


def test_index_in_persian_lists_the_persian_programmes(client, demo_site):
    listed = cards(client.get("/fa/programmes/").content.decode())
    assert len(listed) == 6
    title = programme("canada-resettlement-stream", "fa").title
    assert f'href="/fa/programmes/canada-resettlement-stream/">{title}</a>' in listed[-1]


def test_unpublished_programme_is_not_listed(client, demo_site):
    programme("canada-resettlement-stream", "ar").unpublish()
    listed = cards(client.get("/ar/programmes/").content.decode())
    assert len(listed) == 5
    assert not any("canada-resettlement-stream" in card for card in listed)


def test_programmes_section_is_in_the_main_navigation(client, demo_site):
    content = client.get("/ru/contact/").content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', content, re.S).group(0)
    assert 'href="/ru/programmes/"' in nav


def test_index_description_is_its_intro(client, demo_site):
    index = ProgrammeIndexPage.objects.get(locale__language_code="es")
    content = client.get("/es/programmes/").content.decode()
    assert f'<meta name="description" content="{index.intro[:299]}' in content


def test_programme_pages_live_only_under_the_index(demo_site):
    home = demo_site.root_page.specific
    index = ProgrammeIndexPage.objects.get(locale__language_code="en")
    assert ProgrammePage.can_create_at(index)
    assert not ProgrammePage.can_create_at(home)
    assert not ProgrammeIndexPage.can_create_at(index)
    assert ProgrammeIndexPage.allowed_parent_page_models() == [HomePage]
    # One index per home page: this one already has it.
    assert not ProgrammeIndexPage.can_create_at(home)


def queries_for(client, url):
    client.get(url)  # warm the per-process caches (site root paths) once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_index_query_count_does_not_grow_with_the_number_of_programmes(client, demo_site):
    home = Page.objects.get(depth=2, locale__language_code="en")
    index = ProgrammeIndexPageFactory(parent=home, slug="many-programmes")
    for number in range(10):
        ProgrammePageFactory(parent=index, slug=f"programme-{number}", status=ProgrammeStatus.PAUSED)
    ten, content = queries_for(client, index.url)
    assert len(cards(content)) == 10
    for number in range(10, 50):
        ProgrammePageFactory(parent=index, slug=f"programme-{number}")
    fifty, content = queries_for(client, index.url)
    assert len(cards(content)) == 50
    assert fifty == ten
