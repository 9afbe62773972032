"""The FAQ reads well without JavaScript: a table of contents, headings, and a link to every answer."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from faq.factories import FAQPageFactory
from faq.models import FAQPage
from home.models import HomePage

from .conftest import get_soup, question_headings

LANGUAGES = ["en", "fr", "es", "ru", "ar"]


def test_every_table_of_contents_link_lands_on_an_element_of_the_page(client, demo_site):
    for language in LANGUAGES:
        soup = get_soup(client, f"/{language}/faq/")
        ids = [element["id"] for element in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), f"duplicate ids on /{language}/faq/"
        toc = soup.select_one("main nav.faq-toc")
        targets = [link["href"] for link in toc.find_all("a")]
        assert len(targets) >= 31  # six sections and at least 25 questions
        for href in targets:
            assert href.startswith("#")
            assert href[1:] in ids, (language, href)


def test_table_of_contents_lists_each_section_and_question_in_page_order(client, demo_site):
    soup = get_soup(client, "/en/faq/")
    toc = soup.select_one("main nav.faq-toc")
    sections = soup.select("main section.faq-section > h2")
    assert [a["href"] for a in toc.select(":scope > ol > li > a")] == [f"#{h2['id']}" for h2 in sections]
    assert all(h2["id"].startswith("section-") for h2 in sections)
    questions = question_headings(soup)
    assert [a["href"] for a in toc.select("ol ol a")] == [f"#{h3['id']}" for h3 in questions]
    assert [a.get_text() for a in toc.select("ol ol a")] == [h3.get_text() for h3 in questions]


def test_each_question_has_a_visible_link_to_its_answer_named_after_the_question(client, demo_site):
    soup = get_soup(client, "/ar/faq/")
    questions = question_headings(soup)
    assert len(questions) >= 25
    for h3 in questions:
        item = h3.parent
        link = item.select_one(".faq-item__link a")
        assert link["href"] == f"#{h3['id']}"
        hidden = link.select_one(".visually-hidden")
        assert h3.get_text() in hidden.get_text()
        visible_text = link.get_text().replace(hidden.get_text(), "").strip()
        assert visible_text  # a sighted reader sees the link, not only a screen reader
        # The answer is in the HTML, not fetched or revealed by a script.
        answer = item.select_one(".rich-text")
        assert answer.get_text(strip=True)
        assert not item.find_parent("details") and not answer.has_attr("hidden")


def test_links_inside_answers_point_to_pages_in_the_readers_language(client, demo_site):
    soup = get_soup(client, "/ar/faq/")
    answer = soup.find(id="how-to-ask-for-support").parent.select_one(".rich-text")
    assert answer.find("a")["href"] == "/ar/contact/"


def test_faq_is_in_the_main_navigation_with_its_meta_description(client, english_faq):
    soup = get_soup(client, "/en/faq/")
    assert soup.select_one('nav.main-nav a[href="/en/faq/"]')["aria-current"] == "page"
    assert soup.find("meta", attrs={"name": "description"})["content"] == english_faq.search_description
    assert soup.select_one("main h1").get_text() == english_faq.title
    assert soup.find("link", rel="stylesheet", href=lambda href: href and "faq/faq" in href)


def test_meta_description_falls_back_to_the_introduction(english_faq):
    english_faq.search_description = ""
    assert english_faq.get_meta_description() == english_faq.intro


def test_faq_page_lives_only_under_a_home_page(english_faq):
    assert FAQPage.can_create_at(english_faq.get_parent()) is False  # one per home page
    assert FAQPage.allowed_parent_page_models() == [HomePage]
    assert FAQPage.allowed_subpage_models() == []


def build_faq(parent, slug, number_of_questions):
    fields = {}
    for index in range(number_of_questions):
        section = index % 3
        position = index // 3
        fields[f"body__{section}__section__anchor"] = f"part-{slug}-{section}"
        fields[f"body__{section}__section__questions__{position}__anchor"] = f"q-{slug}-{index}"
    return FAQPageFactory(parent=parent, slug=slug, **fields)


def test_sql_queries_do_not_grow_with_the_number_of_questions(client, demo_site):
    home = demo_site.root_page
    build_faq(home, "few", 6)
    build_faq(home, "many", 60)
    counts = []
    for slug in ["few", "many"]:
        client.get(f"/en/{slug}/")  # warm the per-site caches
        with CaptureQueriesContext(connection) as queries:
            soup = get_soup(client, f"/en/{slug}/")
        counts.append(len(queries))
    assert len(question_headings(soup)) == 60
    assert counts[0] == counts[1]


def test_an_empty_faq_renders_without_a_table_of_contents_or_structured_data(client, demo_site):
    FAQPageFactory(parent=demo_site.root_page, slug="empty-faq", body=[])
    soup = get_soup(client, "/en/empty-faq/")
    assert soup.select_one("nav.faq-toc") is None
    assert soup.find("script", type="application/ld+json") is None


def test_each_answer_keeps_its_own_html_when_expanded_in_one_batch(demo_site):
    contact = demo_site.root_page.get_children().get(slug="contact")
    answers = [
        f'<p>Write via <a linktype="page" id="{contact.pk}">contact</a>.</p>',
        "<p>Plain\x00text.</p>",  # holds the batch separator: the page falls back to one call per answer
        "<ul><li>One</li></ul>",
    ]
    page = FAQPage(
        title="FAQ",
        body=[
            (
                "section",
                {
                    "title": "Section",
                    "anchor": "section",
                    "questions": [
                        {"question": f"Q{index}?", "anchor": f"q{index}", "answer": answer}
                        for index, answer in enumerate(answers)
                    ],
                },
            )
        ],
    )
    html = [page.answer_html(item["answer"]) for _section, item in page.questions()]
    assert html == [
        '<p>Write via <a href="/en/contact/">contact</a>.</p>',
        "<p>Plain\x00text.</p>",
        answers[2],
    ]


def test_the_kept_answers_give_way_to_a_publish_and_never_to_a_preview(client, demo_site):
    """The questions and answers are kept per content version; a draft's preview is rendered afresh."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from accounts.testing import login_with_second_factor

    def faq_page(title):
        return FAQPageFactory.build(
            title="Kept FAQ",
            slug="kept-faq",
            body=[
                (
                    "section",
                    {
                        "title": "Section",
                        "anchor": "section",
                        "questions": [{"question": title, "anchor": "q", "answer": "<p>An answer.</p>"}],
                    },
                )
            ],
        )

    page = demo_site.root_page.add_child(instance=faq_page("The question as published?"))
    assert "The question as published?" in client.get("/en/kept-faq/").content.decode()
    draft = FAQPage.objects.get(pk=page.pk)
    draft.body = faq_page("The question in a draft?").body
    draft.save_revision()
    editor = get_user_model().objects.create_superuser("faq-editor", "f@example.org", "a long faq password!")
    login_with_second_factor(client, editor)
    preview = client.get(f"/{settings.ADMIN_PATH}/pages/{page.pk}/view_draft/").content.decode()
    assert "The question in a draft?" in preview and "The question as published?" not in preview
    client.logout()
    assert "The question as published?" in client.get("/en/kept-faq/").content.decode()
    draft.get_latest_revision().publish()
    live = client.get("/en/kept-faq/").content.decode()
    assert "The question in a draft?" in live and "The question as published?" not in live
