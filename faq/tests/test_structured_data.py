"""schema.org FAQPage JSON-LD: valid JSON, in the page's language, matching what the reader sees."""

import json

from bs4 import BeautifulSoup

from faq.factories import FAQPageFactory

from .conftest import get_soup, question_headings, structured_data


def test_structured_data_is_valid_json_and_matches_the_visible_questions(client, demo_site):
    for language in ["en", "ar"]:
        soup = get_soup(client, f"/{language}/faq/")
        data = structured_data(soup)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "FAQPage"
        assert data["inLanguage"] == language
        headings = question_headings(soup)
        assert [entry["name"] for entry in data["mainEntity"]] == [h3.get_text() for h3 in headings]
        for entry, h3 in zip(data["mainEntity"], headings, strict=True):
            assert entry["@type"] == "Question"
            assert entry["acceptedAnswer"]["@type"] == "Answer"
            visible_answer = h3.parent.select_one(".rich-text").get_text(" ", strip=True)
            assert BeautifulSoup(entry["acceptedAnswer"]["text"], "html.parser").get_text(
                " ", strip=True
            ) == (visible_answer)


def test_structured_data_is_in_the_pages_language(client, demo_site):
    english = structured_data(get_soup(client, "/en/faq/"))
    arabic = structured_data(get_soup(client, "/ar/faq/"))
    assert arabic["name"] == "الأسئلة الشائعة"
    assert len(arabic["mainEntity"]) == len(english["mainEntity"])
    for ar_entry, en_entry in zip(arabic["mainEntity"], english["mainEntity"], strict=True):
        assert ar_entry["name"] != en_entry["name"]
        assert ar_entry["acceptedAnswer"]["text"] != en_entry["acceptedAnswer"]["text"]
    # Links inside answers follow the reader's language too.
    assert any('href="/ar/contact/"' in entry["acceptedAnswer"]["text"] for entry in arabic["mainEntity"])


def test_markup_in_content_cannot_end_the_script_element(client, demo_site):
    hostile = '</script><script>alert("x")</script><!-- & -->'
    FAQPageFactory(
        parent=demo_site.root_page,
        slug="hostile-faq",
        title=f"FAQ {hostile}",
        body__0__section__questions__0__question=f"Why {hostile}?",
        body__0__section__questions__0__anchor="why",
    )
    content = client.get("/en/hostile-faq/").content.decode()
    start = content.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    payload = content[start : content.index("</script>", start)]
    assert "<" not in payload and ">" not in payload and "&" not in payload
    data = json.loads(payload)  # the whole element survived, and it is still valid JSON
    assert data["name"] == f"FAQ {hostile}"
    assert data["mainEntity"][0]["name"] == f"Why {hostile}?"
    scripts = BeautifulSoup(content, "html.parser").find_all("script")
    assert [script.get("type") for script in scripts if not script.get("src")] == ["application/ld+json"]
