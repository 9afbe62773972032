"""Who we are: the consortium, the Board and its chair (computed from the rotation), the Secretariat."""

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale, Page

from accounts.testing import login_with_second_factor
from website.factories import OrganisationFactory, PersonFactory
from website.models import Organisation, Person, WhoWeArePage, add_months, current_board_chair

BRUSSELS = ZoneInfo("Europe/Brussels")
LANGUAGES = ["en", "fr", "es", "ru", "ar"]


@dataclass
class Member:
    name: str
    board_order: int
    translation_key: uuid.UUID = field(default_factory=uuid.uuid4)


FLD, RSF, OMCT, FIDH = (Member(name, order) for order, name in enumerate(["FLD", "RSF", "OMCT", "FIDH"], 1))
BOARD = [FLD, RSF, OMCT, FIDH]
START = date(2016, 1, 1)


def chair_on(day, members=BOARD, start=START, months=6):
    turn = current_board_chair(members, start, day, months)
    return turn.member.name if turn else None


# The pure rotation ------------------------------------------------------------------------------


def test_no_chair_before_the_rotation_starts_and_the_first_member_on_the_first_day():
    assert chair_on(date(2015, 12, 31)) is None
    assert chair_on(date(1990, 6, 15)) is None
    assert chair_on(START) == "FLD"
    assert current_board_chair(BOARD, None, date(2026, 1, 1)) is None
    assert current_board_chair([], START, date(2026, 1, 1)) is None


# Every boundary of the first three full rotations, and some much later: (day before, day, day after).
BOUNDARIES = [add_months(START, 6 * turn) for turn in range(1, 13)] + [date(2040, 1, 1), date(2099, 7, 1)]


@pytest.mark.parametrize("boundary", BOUNDARIES, ids=str)
def test_the_chair_changes_exactly_on_each_turn_boundary(boundary):
    turn = ((boundary.year - START.year) * 12 + boundary.month - START.month) // 6
    outgoing, incoming = BOARD[(turn - 1) % 4].name, BOARD[turn % 4].name
    assert chair_on(boundary - timedelta(days=1)) == outgoing
    assert chair_on(boundary) == incoming
    assert chair_on(boundary + timedelta(days=1)) == incoming


def test_after_several_full_rotations_the_order_repeats():
    # Two years per rotation of four six-month turns: 2016, 2018, … 2026 all start with FLD.
    for year in range(2016, 2036, 2):
        assert [chair_on(date(year, 1, 1)), chair_on(date(year, 7, 1))] == ["FLD", "RSF"], year
        assert [chair_on(date(year + 1, 1, 1)), chair_on(date(year + 1, 7, 1))] == ["OMCT", "FIDH"], year


def test_the_turn_says_when_it_starts_and_ends():
    turn = current_board_chair(BOARD, START, date(2026, 11, 26))
    assert (turn.member, turn.starts, turn.ends) == (RSF, date(2026, 7, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # A rotation starting on 31 August: turns change on the last day of February and on 31 August.
        (date(2024, 2, 28), "FLD"),
        (date(2024, 2, 29), "RSF"),  # leap year
        (date(2024, 3, 1), "RSF"),
        (date(2024, 8, 30), "RSF"),
        (date(2024, 8, 31), "OMCT"),  # back to the 31st: no drift after a short month
        (date(2025, 2, 27), "OMCT"),
        (date(2025, 2, 28), "FIDH"),  # not a leap year
        (date(2025, 3, 1), "FIDH"),
        (date(2025, 8, 31), "FLD"),
    ],
)
def test_month_ends_and_leap_years_do_not_shift_the_rotation(day, expected):
    assert chair_on(day, start=date(2023, 8, 31)) == expected


def test_every_day_for_ten_years_belongs_to_exactly_one_turn_of_the_right_length():
    day, previous = START, None
    while day < date(2026, 1, 1):
        turn = current_board_chair(BOARD, START, day)
        assert turn.starts <= day <= turn.ends
        assert add_months(turn.starts, 6) == turn.ends + timedelta(days=1)
        if previous is not None and previous.member is not turn.member:
            # A new chair only on the first day of a turn, and it is the next member in order.
            assert day == turn.starts
            assert BOARD.index(turn.member) == (BOARD.index(previous.member) + 1) % 4
        previous, day = turn, day + timedelta(days=1)


def test_the_rotation_follows_board_order_not_the_order_given():
    shuffled = [OMCT, FIDH, RSF, FLD]
    assert [chair_on(date(2016, month, 1), shuffled) for month in (1, 7)] == ["FLD", "RSF"]


def test_a_member_leaving_the_board_shortens_the_rotation():
    without_rsf = [FLD, OMCT, FIDH]
    assert [chair_on(date(year, month, 1), without_rsf) for year in (2016, 2017) for month in (1, 7)] == [
        "FLD",
        "OMCT",
        "FIDH",
        "FLD",
    ]


def test_reordering_the_board_changes_who_chairs_now():
    reordered = [Member("FLD", 4, FLD.translation_key), RSF, OMCT, FIDH]
    # Turn 21 (July 2026) is the second place in the rotation: OMCT once FLD moved to the end.
    assert chair_on(date(2026, 11, 26)) == "RSF"
    assert chair_on(date(2026, 11, 26), reordered) == "OMCT"


def test_other_turn_lengths():
    assert [chair_on(date(2016, month, 1), months=3) for month in (1, 3, 4, 7, 10)] == [
        "FLD",
        "FLD",
        "RSF",
        "OMCT",
        "FIDH",
    ]
    assert chair_on(date(2016, 12, 31), months=12) == "FLD"
    assert chair_on(date(2017, 1, 1), months=12) == "RSF"


def test_equal_board_order_still_gives_one_chair_for_every_language():
    a = Member("A", 1, uuid.UUID(int=1))
    b = Member("B", 1, uuid.UUID(int=2))
    assert chair_on(START, [b, a]) == chair_on(START, [a, b]) == "A"


# The page ---------------------------------------------------------------------------------------


def main(content):
    return re.search(r"<main.*?</main>", content, re.S).group(0)


def section(content, heading_id):
    return re.search(rf'<section aria-labelledby="{heading_id}">.*?</section>', content, re.S).group(0)


def chair_name(content):
    # The name may come after other words in some languages (Arabic starts with the verb).
    return re.search(r'<p class="callout board-chair">[^<]*<strong>([^<]+)</strong>', content).group(1)


def test_the_demo_page_is_a_who_we_are_page_in_the_menu_in_every_complete_language(client, demo_site):
    for language in LANGUAGES:
        page = WhoWeArePage.objects.get(locale__language_code=language)
        assert page.slug == "who-we-are" and page.show_in_menus and page.live
        assert page.board_rotation_start == date(2016, 1, 1) and page.board_turn_months == 6
        content = client.get(f"/{language}/who-we-are/").content.decode()
        nav = re.search(r'<nav class="main-nav".*?</nav>', content, re.S).group(0)
        assert f'href="/{language}/who-we-are/" aria-current="page"' in nav


def test_the_consortium_lists_twelve_members_by_name(client, demo_site):
    consortium = section(client.get("/en/who-we-are/").content.decode(), "consortium-title")
    names = re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", consortium)
    assert len(names) == 12
    assert names == sorted(names, key=str.casefold)
    assert "Front Line Defenders" in names and "Peace Brigades International" in names
    assert 'href="https://www.fidh.org/"' in consortium
    assert consortium.count("Board member") == 4


def test_the_board_and_its_current_chair(client, demo_site):
    with time_machine.travel(datetime(2026, 11, 26, 12, tzinfo=BRUSSELS), tick=False):
        content = client.get("/en/who-we-are/").content.decode()
    board = section(content, "board-title")
    members = re.findall(r"<li>([^<]+?)(?: <strong>|</li>)", board)
    assert members == [
        "Front Line Defenders (FLD)",
        "Reporters Without Borders (RSF)",
        "World Organisation Against Torture (OMCT)",
        "International Federation for Human Rights (FIDH)",
    ]
    assert chair_name(content) == "Reporters Without Borders"
    assert '<time datetime="2026-07-01">' in board and '<time datetime="2026-12-31">' in board


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Brussels time decides: 30 June 23:30 UTC is already 1 July in Brussels.
        (datetime(2026, 6, 30, 21, 59, tzinfo=ZoneInfo("UTC")), "Front Line Defenders"),
        (datetime(2026, 6, 30, 22, 0, tzinfo=ZoneInfo("UTC")), "Reporters Without Borders"),
        (datetime(2026, 7, 2, 9, 0, tzinfo=BRUSSELS), "Reporters Without Borders"),
        (datetime(2026, 12, 31, 23, 59, tzinfo=BRUSSELS), "Reporters Without Borders"),
        (datetime(2027, 1, 1, 0, 0, tzinfo=BRUSSELS), "World Organisation Against Torture"),
    ],
)
def test_the_page_changes_chair_at_midnight_in_brussels(client, demo_site, moment, expected):
    with time_machine.travel(moment, tick=False):
        assert chair_name(client.get("/en/who-we-are/").content.decode()) == expected


def test_no_chair_is_shown_before_the_rotation_starts(client, demo_site):
    with time_machine.travel(datetime(2015, 12, 31, 12, tzinfo=BRUSSELS), tick=False):
        content = client.get("/en/who-we-are/").content.decode()
    assert "board-chair" not in content and "current chair" not in content
    assert "Front Line Defenders (FLD)" in section(content, "board-title")


def test_every_language_names_the_same_chair_in_its_own_words(client, demo_site):
    expected = {
        "en": "Reporters Without Borders",
        "fr": "Reporters sans frontières",
        "es": "Reporteros sin Fronteras",
        "ru": "Репортёры без границ",
        "ar": "مراسلون بلا حدود",
    }
    with time_machine.travel(datetime(2026, 11, 26, 12, tzinfo=BRUSSELS), tick=False):
        for language, name in expected.items():
            assert chair_name(client.get(f"/{language}/who-we-are/").content.decode()) == name, language


def test_reordering_or_leaving_the_board_moves_the_chair(client, demo_site):
    english = Locale.get_default()
    rsf = Organisation.objects.get(locale=english, acronym="RSF")
    with time_machine.travel(datetime(2026, 11, 26, 12, tzinfo=BRUSSELS), tick=False):
        # Synchronised fields: the change is made on every translation, as wagtail-localize's sync would.
        Organisation.objects.filter(translation_key=rsf.translation_key).update(is_board_member=False)
        content = client.get("/fr/who-we-are/").content.decode()
        # Three members left: turn 21 falls on the first place again (21 = 7 × 3).
        assert chair_name(content) == "Front Line Defenders"
        assert "Reporters sans frontières" not in section(content, "board-title")
        assert "Reporters sans frontières" in section(content, "consortium-title")

        Organisation.objects.filter(translation_key=rsf.translation_key).update(
            is_board_member=True, board_order=9
        )
        content = client.get("/en/who-we-are/").content.decode()
        assert chair_name(content) == "World Organisation Against Torture"
        assert re.findall(r"\((FLD|RSF|OMCT|FIDH)\)", section(content, "board-title")) == [
            "FLD",
            "OMCT",
            "FIDH",
            "RSF",
        ]


def test_the_secretariat_shows_visible_people_only_in_every_language(client, demo_site):
    assert Person.objects.filter(is_visible=False).count() == len(LANGUAGES)  # one hidden, translated too
    for language in LANGUAGES:
        content = client.get(f"/{language}/who-we-are/").content.decode()
        secretariat = section(content, "secretariat-title")
        assert re.findall(r"<h3>([^<]+)</h3>", secretariat) == [
            "Alex Example",
            "Sam Sample",
            "Noor Placeholder",
        ]
        assert "Luca Demo" not in content
    assert "Responsable du Secrétariat" in client.get("/fr/who-we-are/").content.decode()
    assert "رئيس الأمانة" in client.get("/ar/who-we-are/").content.decode()


def test_hiding_someone_hides_them_everywhere_at_once(client, demo_site):
    sam = Person.objects.get(locale=Locale.get_default(), name="Sam Sample")
    Person.objects.filter(translation_key=sam.translation_key).update(is_visible=False)
    for language in LANGUAGES:
        assert "Sam Sample" not in client.get(f"/{language}/who-we-are/").content.decode(), language


def test_content_is_translated_and_an_untranslated_member_shows_in_english_marked_as_such(client, demo_site):
    content = client.get("/ru/who-we-are/").content.decode()
    assert "Всемирная организация против пыток" in content
    assert "World Organisation Against Torture" not in content
    OrganisationFactory(name="Newly Joined Network", acronym="NJN")
    content = client.get("/ru/who-we-are/").content.decode()
    card = re.search(r'<li class="card" lang="en" dir="ltr">\s*<h3><a [^>]+>Newly Joined Network<', content)
    assert card, "an organisation without a Russian translation is listed in English, marked lang=en"
    assert len(re.findall(r"<h3>", section(content, "consortium-title"))) == 13


def test_meta_description_and_body_of_the_demo_page(client, demo_site):
    content = client.get("/es/who-we-are/").content.decode()
    assert '<meta name="description" content="Un consorcio' in content
    assert 'href="/es/contact/"' in main(content)  # the body's call to action, in Spanish


def test_logos_and_photos_are_webp_renditions_with_dimensions(client, demo_site):
    page = WhoWeArePage.objects.get(locale__language_code="en")
    image = wagtail_factories.ImageFactory(title="A logo")
    Organisation.objects.filter(locale=page.locale, acronym="PBI").update(logo=image)
    Person.objects.filter(locale=page.locale, name="Alex Example").update(photo=image)
    content = client.get("/en/who-we-are/").content.decode()
    images = re.findall(r"<img [^>]+>", main(content))
    assert len(images) == 2
    for tag in images:
        assert re.search(r'src="[^"]+\.webp"', tag) and 'loading="lazy"' in tag
        assert re.search(r'width="\d+" height="\d+"', tag)


def add_members(count, image):
    for _index in range(count):
        OrganisationFactory(logo=image)
        PersonFactory(photo=image)


def render_queries(client, url):
    client.get(url)  # the first request creates the renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_number_of_members(client, demo_site):
    image = wagtail_factories.ImageFactory()
    add_members(10, image)
    with_ten = render_queries(client, "/fr/who-we-are/")  # French rows and English fallbacks
    add_members(40, image)
    with_fifty = render_queries(client, "/fr/who-we-are/")
    assert with_fifty == with_ten


def test_only_one_who_we_are_page_per_home_and_only_under_a_home(demo_site):
    english_home = Page.objects.get(depth=2, locale=Locale.get_default()).specific
    assert not WhoWeArePage.can_create_at(english_home)  # it already has one
    contact = Page.objects.get(slug="contact", locale=Locale.get_default())
    assert not WhoWeArePage.can_create_at(contact)


def test_editors_manage_organisations_and_people_as_snippets(client, demo_site, django_user_model):
    login_with_second_factor(
        client, django_user_model.objects.create_superuser("editor", "editor@example.org", "x")
    )
    for model, text in [(Organisation, "Front Line Defenders"), (Person, "Luca Demo")]:
        response = client.get(reverse(model.snippet_viewset.get_url_name("list")))
        assert response.status_code == 200
        assert text in response.content.decode()  # hidden people stay listed for editors
        assert client.get(reverse(model.snippet_viewset.get_url_name("add"))).status_code == 200
