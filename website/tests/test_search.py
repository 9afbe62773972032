"""Search finds live, public pages of the reader's language only, ranked, paginated and safely highlighted."""

import itertools
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, PageViewRestriction

from tests.pages import public_page_paths
from website.factories import StandardPageFactory
from website.views import highlight

LANGUAGES = [code for code, _name in settings.LANGUAGES]
RESULT_LINK = re.compile(r'<h2 class="search-result__title"><a href="([^"]+)">')


def result_links(content):
    return RESULT_LINK.findall(content)


def home_in(site, language):
    return site.root_page.get_translation(Locale.objects.get(language_code=language))


SLUG_NUMBERS = itertools.count()


def url_of(slug, language):
    """Where a demo page lives in this language (looked up: other apps may move pages around)."""
    return Page.objects.filter(slug=slug, locale__language_code=language).order_by("depth")[0].get_url()


def add_pages(parent, count, title):
    return [
        StandardPageFactory(parent=parent, title=title, slug=f"{title.lower()}-{next(SLUG_NUMBERS)}")
        for _ in range(count)
    ]


def test_a_french_query_finds_french_pages_and_no_english_ones(client, demo_site):
    # "poursuivons" is in the French title of the COVID-19 notice; "défenseurs" is all over the French text,
    # and with "prioritaires" only in a few pages, the contact page among them.
    content = client.get("/fr/search/?q=poursuivons").content.decode()
    assert url_of("covid-19-operations", "fr") in result_links(content)
    links = result_links(client.get("/fr/search/?q=défenseurs").content.decode())
    assert len(links) == 10  # more than one page of results
    assert all(link.startswith("/fr/") for link in links), links
    assert url_of("contact", "fr") in result_links(
        client.get("/fr/search/?q=défenseurs prioritaires").content.decode()
    )
    # The same French word in the English search finds nothing: French pages are not searched there.
    assert result_links(client.get("/en/search/?q=poursuivons").content.decode()) == []


def test_an_arabic_query_finds_arabic_pages_right_to_left(client, demo_site):
    # "الطوارئ" (emergency) is in the Arabic contact page: "اتصل بخط الطوارئ".
    response = client.get("/ar/search/", {"q": "الطوارئ"})
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in content
    links = result_links(content)
    assert url_of("contact", "ar") in links
    assert all(link.startswith("/ar/") for link in links), links


def test_the_result_count_says_how_many_pages_match(client, demo_site):
    french_home = home_in(demo_site, "fr")
    add_pages(french_home, 3, title="Zorglubienne")
    content = client.get("/fr/search/?q=zorglubienne").content.decode()
    assert len(result_links(content)) == 3
    count = re.search(r'<p class="search-page__count">([^<]*)</p>', content).group(1)
    assert re.match(r"3\D", count) and "zorglubienne" in count  # quotation marks differ by language


def test_results_are_ranked_best_first(client, demo_site):
    english_home = home_in(demo_site, "en")
    StandardPageFactory(parent=english_home, title="Harbour", slug="weak", intro="Mentions quokka once.")
    StandardPageFactory(
        parent=english_home, title="Quokka", slug="strong", intro="Quokka, quokka and quokka."
    )
    assert result_links(client.get("/en/search/?q=quokka").content.decode()) == ["/en/strong/", "/en/weak/"]


def test_drafts_and_private_pages_are_never_found(client, demo_site):
    english_home = home_in(demo_site, "en")
    StandardPageFactory(parent=english_home, title="Wombat public", slug="wombat-public")
    StandardPageFactory(parent=english_home, title="Wombat draft", slug="wombat-draft", live=False)
    private = StandardPageFactory(parent=english_home, title="Wombat private", slug="wombat-private")
    StandardPageFactory(parent=private, title="Wombat inside", slug="wombat-inside")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="not-for-you")
    assert result_links(client.get("/en/search/?q=wombat").content.decode()) == ["/en/wombat-public/"]


def test_the_summary_is_the_meta_description_with_the_query_marked(client, demo_site):
    StandardPageFactory(
        parent=home_in(demo_site, "en"),
        title="Numbat",
        search_description="Grants for numbat defenders in danger.",
    )
    content = client.get("/en/search/?q=numbat").content.decode()
    assert (
        '<p class="search-result__summary">Grants for <mark>numbat</mark> defenders in danger.</p>' in content
    )


def test_markup_in_a_description_is_shown_escaped_never_run(client, demo_site):
    StandardPageFactory(
        parent=home_in(demo_site, "en"),
        title="Bilby",
        search_description='Bilby <script>alert("x")</script> & <b>bilby</b>',
    )
    content = client.get("/en/search/", {"q": "bilby"}).content.decode()
    assert "<script>alert" not in content
    assert "<b>" not in content
    summary = re.search(r'<p class="search-result__summary">(.*?)</p>', content).group(1)
    assert summary == (
        "<mark>Bilby</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
        " &amp; &lt;b&gt;<mark>bilby</mark>&lt;/b&gt;"
    )


def test_highlight_never_marks_inside_an_entity_or_a_tag():
    marked = str(highlight('<i>lt</i> & "quot" <script>', ["lt", "quot", "amp", "script"]))
    assert marked == (
        "&lt;i&gt;<mark>lt</mark>&lt;/i&gt; &amp; &quot;<mark>quot</mark>&quot; &lt;<mark>script</mark>&gt;"
    )


def test_highlight_marks_whole_words_that_start_with_a_term_regardless_of_case_and_accents():
    assert str(highlight("Défenseurs, DÉFENSE et défendre", ["defens"])) == (
        "<mark>Défenseurs</mark>, <mark>DÉFENSE</mark> et défendre"
    )
    # Lone letters are not marked when the query has real words too.
    assert str(highlight("la ligne d'urgence", ["ligne", "d", "urgence"])) == (
        "la <mark>ligne</mark> d&#x27;<mark>urgence</mark>"
    )
    assert str(highlight("", ["x"])) == ""


@pytest.mark.parametrize(
    "query",
    ["", "   ", "\"'()*:&|!-", "OR AND NOT", "NEAR(a b)", "\x00", "a" * 5000, "défenseurs " * 100],
)
def test_odd_or_empty_queries_never_fail(client, demo_site, query):
    response = client.get("/fr/search/", {"q": query})
    assert response.status_code == 200
    content = response.content.decode()
    field = re.search(r'<input class="search-form__input" id="search-page-q"[^>]*>', content).group(0)
    assert len(re.search(r'value="([^"]*)"', field).group(1)) <= 200
    assert "\x00" not in content


def test_an_empty_query_shows_the_form_and_no_results(client, demo_site):
    for path in ["/en/search/", "/en/search/?q=", "/en/search/?q=+++"]:
        content = client.get(path).content.decode()
        assert 'id="search-page-q"' in content
        assert result_links(content) == []
        assert "search-page__count" not in content
        assert "<title>Search · ProtectDefenders.eu</title>" in content


def test_no_results_says_so(client, demo_site):
    content = client.get("/en/search/?q=xylophonist").content.decode()
    assert result_links(content) == []
    assert "<h2>No pages match your search</h2>" in content
    assert "0 pages found for “xylophonist”" in content


def test_results_come_ten_to_a_page_and_bad_page_numbers_fall_back(client, demo_site):
    french_home = home_in(demo_site, "fr")
    add_pages(french_home, 23, title="Tatou")
    first = client.get("/fr/search/?q=tatou").content.decode()
    second = client.get("/fr/search/?q=tatou&page=2").content.decode()
    third = client.get("/fr/search/?q=tatou&page=3").content.decode()
    assert [len(result_links(page)) for page in (first, second, third)] == [10, 10, 3]
    assert len(set(result_links(first) + result_links(second) + result_links(third))) == 23
    assert '<ol class="search-results" start="11">' in second
    assert 'href="?q=tatou&amp;page=2" rel="next"' in first
    assert 'href="?q=tatou&amp;page=1" rel="prev"' in second
    assert 'rel="next"' not in third
    assert "page 2" in re.search(r"<title>(.*?)</title>", second).group(1)
    assert result_links(client.get("/fr/search/?q=tatou&page=abc").content.decode()) == result_links(first)
    assert result_links(client.get("/fr/search/?q=tatou&page=0").content.decode()) == result_links(third)
    assert result_links(client.get("/fr/search/?q=tatou&page=999").content.decode()) == result_links(third)


def test_search_queries_do_not_grow_with_the_number_of_results(client, demo_site):
    english_home = home_in(demo_site, "en")
    add_pages(english_home, 2, title="Pangolin")
    client.get("/en/search/?q=pangolin")  # warm the site and content-type caches
    with CaptureQueriesContext(connection) as few:
        assert len(result_links(client.get("/en/search/?q=pangolin").content.decode())) == 2
    add_pages(english_home, 8, title="Pangolin")
    client.get("/en/search/?q=pangolin")  # new pages empty the layout cache: warm it again
    with CaptureQueriesContext(connection) as many:
        assert len(result_links(client.get("/en/search/?q=pangolin").content.decode())) == 10
    assert len(many) == len(few)


def test_the_search_page_is_not_indexed_and_has_a_proper_title(client, demo_site):
    content = client.get("/fr/search/?q=défenseurs").content.decode()
    assert '<meta name="robots" content="noindex">' in content
    assert '<html lang="fr" dir="ltr">' in content
    assert re.search(r"<title>[^<]*défenseurs[^<]* · ProtectDefenders.eu</title>", content)
    assert '<link rel="canonical"' not in content
    assert '<meta name="description" content="' in content
    assert '<meta property="og:url" content="http://testserver/fr/search/">' in content


def test_the_query_is_escaped_wherever_it_is_shown(client, demo_site):
    content = client.get("/en/search/", {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_the_language_switcher_offers_the_same_search_in_each_language(client, demo_site):
    content = client.get("/ru/search/", {"q": "права & свобода"}).content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', content, re.S).group(0)
    query = urlencode({"q": "права & свобода"}).replace("&", "&amp;")
    assert f'href="/ru/search/?{query}" lang="ru" aria-current="page"' in switcher
    for language in LANGUAGES:
        assert f'href="/{language}/search/?{query}"' in switcher, language
    empty = client.get("/ar/search/").content.decode()
    assert 'href="/fr/search/" lang="fr"' in empty


class FormCollector(HTMLParser):
    """The forms of a page, as a browser without JavaScript would submit them."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.labels = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({**attrs, "inputs": [], "buttons": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"].append(attrs)
        elif tag == "button" and self.forms:
            self.forms[-1]["buttons"].append(attrs)
        elif tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])


def header_search_form(content):
    collector = FormCollector()
    collector.feed(content[content.index('<header class="site-header">') : content.index("</header>")])
    forms = [form for form in collector.forms if form.get("role") == "search"]
    assert len(forms) == 1
    return forms[0], collector.labels


def test_the_header_search_form_is_on_every_page_and_needs_no_javascript(client, demo_site):
    for path in public_page_paths():
        content = client.get(path).content.decode()
        language = re.search(r'<html lang="([^"]+)"', content).group(1)
        form, labels = header_search_form(content)
        assert form["action"] == f"/{language}/search/", path
        assert form["method"] == "get", path
        (field,) = form["inputs"]  # nothing else: no CSRF token, no hidden field
        assert field["type"] == "search" and field["name"] == "q", path
        assert field["id"] in labels, path
        assert [button.get("type") for button in form["buttons"]] == ["submit"], path


def test_submitting_the_header_form_searches_in_the_page_language(client, demo_site):
    form, _labels = header_search_form(client.get(url_of("contact", "ar")).content.decode())
    response = client.get(form["action"], {form["inputs"][0]["name"]: "الطوارئ"})
    assert response.status_code == 200
    assert url_of("contact", "ar") in result_links(response.content.decode())
    assert not response.cookies


def test_query_words_keep_their_marks_and_joiners():
    from website.views import search_terms

    # The shadda stays in the Arabic word, the zero-width non-joiner in the Persian one.
    assert search_terms("من يموّل ProtectDefenders.eu؟") == ["من", "يموّل", "ProtectDefenders", "eu"]
    assert search_terms("می‌خواهم") == ["می\u200cخواهم"]
