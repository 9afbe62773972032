"""Every language has its home page, with the right direction, alternates and canonical URL."""

import re

import pytest
from django.conf import settings

LANGUAGES = [code for code, _name in settings.LANGUAGES]
RTL = {"ar", "fa"}


def html_tag(content):
    return re.search(r"<html [^>]*>", content).group(0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_speaks_its_language(client, demo_site, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    content = response.content.decode()
    expected_dir = "rtl" if language in RTL else "ltr"
    assert html_tag(content) == f'<html lang="{language}" dir="{expected_dir}">'
    assert f'<link rel="canonical" href="http://testserver/{language}/">' in content
    for other in LANGUAGES:
        assert f'<link rel="alternate" hreflang="{other}" href="http://testserver/{other}/">' in content
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/en/">' in content
    assert 'href="tel:+3225550100"' in content


@pytest.mark.parametrize("language", ["fr", "es", "ru", "ar", "fa", "pt"])
def test_home_page_content_is_translated_not_english(client, demo_site, language):
    english = client.get("/en/").content.decode()
    translated = client.get(f"/{language}/").content.decode()
    english_mission = re.search(r'<p class="lead">(.*?)</p>', english, re.S).group(1)
    translated_mission = re.search(r'<p class="lead">(.*?)</p>', translated, re.S).group(1)
    assert translated_mission.strip()
    assert translated_mission != english_mission
    # The interface strings are translated too.
    assert "Exit this page" not in translated
    assert "Skip to main content" not in translated


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("ar,en;q=0.5", "/ar/"),
        ("fa-IR", "/fa/"),
        ("pt-BR,pt;q=0.9", "/pt/"),
        ("de-DE,de", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, demo_site, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language} if accept_language else {})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_language_switcher_links_to_the_same_page_in_each_language(client, demo_site):
    content = client.get("/ar/contact/").content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', content, re.S).group(0)
    assert 'href="/ar/contact/" lang="ar" aria-current="page"' in switcher
    for language in ["en", "fr", "es", "ru", "fa", "pt"]:
        assert f'href="/{language}/contact/"' in switcher


def test_switcher_and_alternates_omit_languages_the_page_lacks(client, demo_site):
    content = client.get("/en/who-we-are/").content.decode()
    assert 'hreflang="fr" href="http://testserver/fr/who-we-are/"' in content
    assert "/fa/who-we-are/" not in content
    assert "/pt/who-we-are/" not in content


def test_canonical_is_the_translation_itself_not_the_english_page(client, demo_site):
    content = client.get("/ru/feedback-and-response/").content.decode()
    assert '<link rel="canonical" href="http://testserver/ru/feedback-and-response/">' in content
    assert '<meta property="og:locale" content="ru_RU">' in content
    assert '<meta property="og:locale:alternate" content="en_GB">' in content


def test_untranslated_page_says_so_in_the_readers_language_and_offers_english(client, demo_site):
    response = client.get("/fa/who-we-are/")
    assert response.status_code == 404
    content = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in content
    assert 'href="/en/who-we-are/"' in content
    assert "This page is not available in your language yet" not in content  # said in Persian
    assert '<meta name="robots" content="noindex">' in content


def test_missing_page_is_a_404_in_the_readers_language(client, demo_site):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in content
    assert "Page not found" not in content
    assert 'href="/ar/"' in content


def test_server_error_page_speaks_the_readers_language(rf):
    from website.views import server_error

    response = server_error(rf.get("/ru/anything/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert '<html lang="ru" dir="ltr">' in content
    assert "Something went wrong" not in content
    assert 'href="/exit/?lang=ru"' in content


def test_every_page_has_a_description_and_open_graph_tags(client, demo_site):
    from tests.pages import public_page_paths

    for path in public_page_paths():
        response = client.get(path)
        if response.status_code != 200:
            continue
        content = response.content.decode()
        for tag in [
            '<meta name="description" content="',
            '<meta property="og:title" content="',
            '<meta property="og:description" content="',
            '<meta property="og:url" content="http',
        ]:
            assert tag in content, f"{path} lacks {tag}"
        assert 'content=""' not in content, path
