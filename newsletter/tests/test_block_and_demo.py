"""The compact signup block works on any page; the demo has the signup page in every language."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import RequestFactory
from django.utils import translation
from wagtail import blocks

from newsletter.blocks import NewsletterSignupBlock
from newsletter.models import NewsletterSettings, NewsletterSignupPage, SubscriberStatus, Topic
from tests.pages import public_page_paths

from .conftest import deliver, subscriber

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _name in settings.LANGUAGES]


class BodyBlock(blocks.StreamBlock):
    newsletter = NewsletterSignupBlock()


def render_body(language, page_path, count=1):
    """A page body with `count` signup blocks, rendered as the page at `page_path` would render it."""
    body = BodyBlock()
    value = body.to_python(
        [
            {"type": "newsletter", "value": {"heading": "Stay informed", "text": "Monthly."}}
            for _ in range(count)
        ]
    )
    request = RequestFactory().get(page_path)
    with translation.override(language):
        html = "".join(child.render(context={"request": request}) for child in value)
    return BeautifulSoup(html, "html.parser")


def form_data(form):
    data = {}
    for field in form.select("input, select"):
        name = field.get("name")
        if not name:
            continue
        if field.name == "select":
            data[name] = field.select_one("option[selected]")["value"]
        elif field.get("type") == "checkbox":
            if name == "consent":
                data[name] = "on"
        else:
            data[name] = field.get("value", "")
    return data


def test_the_block_posts_to_the_signup_of_its_language_and_subscribes(
    client, demo_site, settings, smtp_server
):
    settings.FORM_MIN_SECONDS = 0  # the test fills the form at once
    html = render_body("ar", "/ar/security-advice/")
    form = html.select_one("section.newsletter-block form[method=post]")
    assert form["action"] == "/ar/subscription/"
    assert html.select_one("section h2").get_text() == "Stay informed"
    assert form.select_one("a[href='/ar/privacy/']")  # the consent's privacy notice, in Arabic
    data = form_data(form) | {"email": "block@example.org"}
    assert data["language"] == "ar"
    response = client.post(form["action"], data)
    assert response.status_code == 200
    deliver()
    record = subscriber("block@example.org")
    assert (record.status, record.language, record.consent_language) == (SubscriberStatus.PENDING, "ar", "ar")
    assert len(smtp_server.messages) == 1


def test_two_blocks_on_one_page_have_their_own_ids(demo_site):
    html = render_body("en", "/en/", count=2)
    ids = [element["id"] for element in html.select("[id]")]
    assert len(ids) == len(set(ids)), sorted(value for value in ids if ids.count(value) > 1)
    labels = [label["for"] for label in html.select("label[for]")]
    assert all(html.select_one(f"#{target}") for target in labels)


def test_the_block_never_loads_recaptcha_even_when_it_is_on(demo_site):
    newsletter_settings = NewsletterSettings.load()
    newsletter_settings.captcha_mode = "v3"
    newsletter_settings.save()
    assert "recaptcha" not in str(render_body("en", "/en/"))


def test_the_demo_has_the_signup_page_in_every_language_with_translated_topics(demo_site):
    pages = {
        page.locale.language_code: page
        for page in NewsletterSignupPage.objects.live().select_related("locale")
    }
    assert sorted(pages) == sorted(LANGUAGES)
    assert pages["ar"].title == "النشرة الإخبارية"
    assert pages["fa"].url_path.endswith("/newsletter/")
    assert all(page.privacy_page is not None for page in pages.values())
    for language in LANGUAGES:
        assert Topic.objects.filter(locale__language_code=language).count() == 3
    assert Topic.objects.get(locale__language_code="ru", key="vacancies").name == "Вакансии и конкурсы"
    # The accessibility and HTML validity checks visit it in every language.
    paths = public_page_paths()
    assert all(f"/{language}/newsletter/" in paths for language in LANGUAGES)
