"""The home page puts urgent help first, in the reader's language."""

import re

import pytest

from website.models import SafetySettings


def urgent_box(content):
    return re.search(r'<section class="urgent-help".*?</section>', content, re.S).group(0)


def test_urgent_help_box_has_the_hotline_and_the_support_button(client, demo_site):
    box = urgent_box(client.get("/en/").content.decode())
    assert '<a class="hotline__number" href="tel:+3225550100" dir="ltr">+32 2 555 01 00</a>' in box
    assert "Answered in English, French, Spanish, Russian, Arabic" in box
    assert '<a class="button button--urgent" href="/en/request-support/">Ask for support</a>' in box


@pytest.mark.parametrize(("language", "hotline_languages"), [("fr", "anglais"), ("ar", "العربيّة")])
def test_urgent_help_box_speaks_the_readers_language(client, demo_site, language, hotline_languages):
    box = urgent_box(client.get(f"/{language}/").content.decode())
    assert f'href="/{language}/request-support/"' in box
    assert hotline_languages in box.lower()
    assert "Ask for support" not in box


def test_hotline_comes_from_the_site_setting(client, demo_site):
    safety = SafetySettings.for_site(demo_site)
    safety.hotline_number = "+353123456789"
    safety.save()
    content = client.get("/ru/").content.decode()
    assert content.count('href="tel:+353123456789"') == 1  # the urgent box; the header leaves it to the box
    assert client.get("/ru/contact/").content.decode().count('href="tel:+353123456789"') == 1  # the header
    safety.hotline_number = ""
    safety.save()
    assert "tel:" not in client.get("/ru/").content.decode()


def test_home_lists_notices_programmes_and_latest_news_in_its_language(client, demo_site):
    from news.models import NewsPage
    from programmes.models import ProgrammePage

    content = client.get("/es/").content.decode()
    assert re.search(r'href="/es/(notices/)?covid-19-operations/"', content)
    for programme in ProgrammePage.objects.live().filter(locale__language_code="es"):
        assert f'href="{programme.url}"' in content
    newest = NewsPage.objects.live().filter(locale__language_code="es").order_by("-date", "-pk")
    for item in newest[:3]:
        assert f'href="{item.url}"' in content
    assert f'href="{newest[3].url}"' not in content


def test_main_navigation_follows_the_page_tree_until_editors_choose_a_menu(client, demo_site):
    from wagtail.models import Page

    from website.models import NavigationSettings

    NavigationSettings.for_site(demo_site).main_menu_items.all().delete()
    content = client.get("/en/privacy/").content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', content, re.S).group(0)
    in_menu = Page.objects.child_of(demo_site.root_page).live().in_menu().order_by("path")
    assert re.findall(r'href="(/en/[^"]+)"', nav) == [page.url for page in in_menu]
    assert "/en/privacy/" not in nav  # not in the menu
    assert {"/en/who-we-are/", "/en/contact/", "/en/programmes/", "/en/news/"} <= set(
        re.findall(r'href="(/en/[^"]+)"', nav)
    )


def test_home_lists_open_vacancies_only_and_is_not_cached_past_the_next_closing(client, demo_site):
    from django.utils import timezone

    from vacancies.models import VacancyPage

    now = timezone.now()
    content = client.get("/en/").content.decode()
    english = VacancyPage.objects.live().filter(locale__language_code="en")
    for vacancy in english.filter(closing_at__gt=now).order_by("closing_at")[:3]:
        assert f'href="{vacancy.url}"' in content
    for vacancy in english.filter(closing_at__lte=now):
        assert f'href="{vacancy.url}"' not in content
    response = client.get("/en/")
    next_closing = english.filter(closing_at__gt=now).order_by("closing_at").first().closing_at
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age <= (next_closing - now).total_seconds()


def test_a_programme_change_shows_on_the_home_page_at_once_though_its_lists_are_kept(client, demo_site):
    """The programmes, news and notices are kept per content version; publishing makes a new one."""
    from programmes.models import ProgrammePage

    programme = ProgrammePage.objects.live().filter(locale__language_code="en").first()
    assert programme.title in client.get("/en/").content.decode()
    programme.title = "A programme renamed a moment ago"
    programme.save_revision().publish()
    assert "A programme renamed a moment ago" in client.get("/en/").content.decode()
