"""What a person comes to do, done in a real browser in English and Arabic, with JavaScript on and off.

Every journey also watches the browser's requests: a page that asks another host for anything fails
it (the only other host a journey reaches is the neutral site that quick exit leads to).
"""

import io
import unicodedata
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.utils import translation
from PIL import Image
from wagtail.models import Page

from faq.models import FAQPage
from forms.models import Submission
from newsletter.models import Subscriber, SubscriberStatus
from outbox.models import OutgoingMail
from outbox.testing import deliver_outbox
from tests.answers import ANSWERS, RECEIPT_CODE, REFERENCE, fill_in, send
from tests.browser import OffsiteRequests
from vacancies.models import VacancyPage
from website.models import QuickExitDestination

pytestmark = pytest.mark.browser

OTHER_LANGUAGE = {"en": "ar", "ar": "en"}


def photo():
    """A small PNG, as a person might attach a photo as evidence."""
    output = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(output, format="PNG")
    return output.getvalue()


@pytest.fixture(params=["en", "ar"])
def language(request):
    return request.param


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def javascript(request):
    return request.param


@dataclass
class Person:
    """One reader's browser tab: their language is the browser's, JavaScript as they chose."""

    page: object
    site: str
    language: str
    javascript: bool
    offsite: list
    console_errors: list = field(default_factory=list)

    def visit(self, path):
        response = self.page.goto(self.site + path)
        assert response.ok, f"{path} answered {response.status}"
        return response

    def path(self):
        return self.page.url.removeprefix(self.site)

    def stayed_on_site(self):
        # A CSP violation is logged as a console error: it means the page tried something it may not.
        assert self.console_errors == []
        return self.offsite == []


@pytest.fixture
def person(browser, live_site, language, javascript, settings):
    # The test types faster than a person: the spam layers' minimum time is not what is tested here.
    settings.FORM_MIN_SECONDS = 0
    cache.clear()
    context = browser.new_context(
        locale=language, java_script_enabled=javascript, viewport={"width": 1280, "height": 900}
    )
    offsite = OffsiteRequests(context, live_site)
    page = context.new_page()
    someone = Person(page, live_site, language, javascript, offsite)
    page.on(
        "console", lambda message: message.type == "error" and someone.console_errors.append(message.text)
    )
    yield someone
    context.close()
    cache.clear()


@pytest.fixture
def in_database(django_db_blocker):
    """Reads what the demo holds, as the tests (not the browser) need it."""

    def read(query):
        with django_db_blocker.unblock():
            return query()

    return read


def title_of(slug, language):
    return Page.objects.get(locale__language_code=language, slug=slug).title


def test_reading_the_home_page(person, in_database):
    # Typing the bare address: the browser's language picks the home page.
    person.visit("/")
    assert person.path() == f"/{person.language}/"
    html = person.page.locator("html")
    assert html.get_attribute("lang") == person.language
    assert html.get_attribute("dir") == ("rtl" if person.language == "ar" else "ltr")
    main = person.page.locator("main")
    assert main.get_by_role("heading", level=1).is_visible()
    # The urgent help box: the hotline as a link that dials, and the way to ask for support.
    urgent = main.locator(".urgent-help")
    assert urgent.get_by_role("heading", level=2).is_visible()
    assert urgent.locator("a[href^='tel:+']").first.is_visible()
    request_button = urgent.locator("a.button")
    assert request_button.get_attribute("href") == f"/{person.language}/request-support/"
    # Quick exit is at the top, and the hint about Shift is only offered where the script works.
    exit_button = person.page.locator(".quick-exit__button")
    assert exit_button.is_visible()
    assert exit_button.bounding_box()["y"] < 60
    assert person.page.locator("[data-quick-exit-hint]").is_visible() == person.javascript
    # Programmes are listed, each linking to its page in the reader's language.
    programme = in_database(lambda: title_of("temporary-relocation", person.language))
    link = main.get_by_role("link", name=programme, exact=True)
    assert link.get_attribute("href") == f"/{person.language}/programmes/temporary-relocation/"
    assert person.page.locator("nav.main-nav a").count() >= 4
    assert person.stayed_on_site()


def test_changing_language_on_a_programme_page_keeps_the_programme(person, in_database):
    other = OTHER_LANGUAGE[person.language]
    person.visit(f"/{person.language}/programmes/temporary-relocation/")
    switcher = person.page.locator("nav.language-switcher")
    assert switcher.locator(f"a[lang='{person.language}']").get_attribute("aria-current") == "page"
    with person.page.expect_navigation():
        switcher.locator(f"a[lang='{other}']").click()
    assert person.path() == f"/{other}/programmes/temporary-relocation/"
    assert person.page.locator("html").get_attribute("lang") == other
    title = in_database(lambda: title_of("temporary-relocation", other))
    assert person.page.get_by_role("heading", level=1).inner_text() == title
    # And back again.
    with person.page.expect_navigation():
        person.page.locator(f"nav.language-switcher a[lang='{person.language}']").click()
    assert person.path() == f"/{person.language}/programmes/temporary-relocation/"
    assert person.stayed_on_site()


def test_finding_a_vacancy_and_opening_its_terms_of_reference(person, in_database):
    def vacancy_with_terms():
        vacancy = VacancyPage.objects.live().filter(
            locale__language_code=person.language, terms_of_reference__isnull=False
        )[0]
        return vacancy.title, vacancy.get_parent().title

    vacancy_title, index_title = in_database(vacancy_with_terms)
    person.visit(f"/{person.language}/")
    with person.page.expect_navigation():
        person.page.locator("nav.main-nav").get_by_role("link", name=index_title, exact=True).click()
    with person.page.expect_navigation():
        person.page.locator("main").get_by_role("link", name=vacancy_title, exact=True).click()
    assert person.page.get_by_role("heading", level=1).inner_text() == vacancy_title
    link = person.page.locator("main .document-link a")
    document_url = person.site + link.get_attribute("href")
    with person.page.expect_response(document_url) as opened:
        link.click()
    assert opened.value.status == 200
    assert opened.value.headers["content-type"] == "application/pdf"
    # Chromium shows it in its PDF viewer; the document itself is a real PDF.
    assert person.page.url == document_url
    assert person.page.request.get(document_url).body().startswith(b"%PDF-")
    assert person.stayed_on_site()


def test_searching_for_an_answer_in_the_faq(person, in_database):
    def faq_question():
        faq = FAQPage.objects.live().get(locale__language_code=person.language)
        for section in faq.body:
            for item in section.value["questions"]:
                # One whose words carry no Arabic vowel marks (shadda, harakat), which few people type
                # and which the search does not yet fold away on PostgreSQL.
                if not any(unicodedata.combining(char) for char in item["question"]):
                    return faq.title, item["question"], item["anchor"]
        raise AssertionError("no question to search for")

    faq_title, question, anchor = in_database(faq_question)
    person.visit(f"/{person.language}/")
    # The question, as a person types it into the search box at the top of every page.
    search_box = person.page.locator("header input[type=search]")
    search_box.fill(question)
    with person.page.expect_navigation():
        search_box.press("Enter")
    assert person.path().startswith(f"/{person.language}/search/?q=")
    with person.page.expect_navigation():
        person.page.locator(".search-results").get_by_role("link", name=faq_title, exact=True).click()
    assert person.path() == f"/{person.language}/faq/"
    # The list of questions at the top leads straight to the answer.
    person.page.locator("nav.faq-toc").get_by_role("link", name=question, exact=True).click()
    assert person.path() == f"/{person.language}/faq/#{anchor}"
    answer_heading = person.page.locator(f"#{anchor}")
    assert answer_heading.inner_text() == question
    assert answer_heading.is_visible()
    assert in_view(person.page, answer_heading)
    assert person.stayed_on_site()


def in_view(page, locator):
    """On screen, and not under the quick-exit bar that stays at the top."""
    box = locator.bounding_box()
    bar = page.locator(".quick-exit").bounding_box()
    below_bar = box is not None and box["y"] >= bar["y"] + bar["height"]
    return below_bar and box["y"] + box["height"] <= page.viewport_size["height"]


def test_asking_for_support_from_a_programme_page_and_checking_the_status(
    person, in_database, forget_submissions
):
    person.visit(f"/{person.language}/programmes/temporary-relocation/")
    with person.page.expect_navigation():
        person.page.locator(".programme__apply a.button").click()
    assert person.path() == f"/{person.language}/request-support/?programme=relocation"
    # The programme the person came from is already chosen.
    assert person.page.input_value("#id_programme") == "relocation"

    # They forget a question: the form says which, and keeps the rest.
    answers = dict(ANSWERS["request-support"])
    country = answers.pop("country")
    fill_in(person.page, answers)
    send(person.page)
    summary = person.page.locator("[data-error-summary]")
    assert summary.is_visible()
    if person.javascript:
        assert person.page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert summary.get_by_role("link").count() == 1
    summary.get_by_role("link").click()
    assert person.page.evaluate("document.activeElement.id") == "id_country"
    assert in_view(person.page, person.page.locator("label[for=id_country]"))
    person.page.keyboard.type(country)
    assert person.page.input_value("#id_programme") == "relocation"
    assert person.page.input_value("#id_situation") == answers["situation"]
    send(person.page)

    reference = person.page.locator(".confirmation .code").inner_text()
    receipt = person.page.locator("#receipt-code").inner_text()
    assert REFERENCE.fullmatch(reference)
    assert RECEIPT_CODE.fullmatch(receipt)
    submission = in_database(lambda: Submission.objects.get(reference=reference))
    assert (submission.programme, submission.language) == ("relocation", person.language)
    with translation.override(person.language):
        status_label = submission.get_status_display()

    with person.page.expect_navigation():
        person.page.locator("main a[href$='/status/']").click()
    assert person.path() == f"/{person.language}/status/"
    person.page.fill("#id_receipt_code", receipt)
    with person.page.expect_navigation():
        person.page.locator("main form button[type=submit]").click()
    status = person.page.locator(".confirmation")
    assert reference in status.inner_text()
    assert status_label in status.inner_text()
    assert person.stayed_on_site()


def test_sending_a_complaint_with_a_file(person, in_database, forget_submissions):
    person.visit(f"/{person.language}/complaint/")
    fill_in(person.page, ANSWERS["complaint"])
    person.page.set_input_files(
        "#id_files", files=[{"name": "photo.png", "mimeType": "image/png", "buffer": photo()}]
    )
    send(person.page)
    reference = person.page.locator(".confirmation .code").inner_text()
    assert REFERENCE.fullmatch(reference)
    assert RECEIPT_CODE.fullmatch(person.page.locator("#receipt-code").inner_text())
    # The file arrived with the complaint, sealed.
    assert in_database(lambda: Submission.objects.get(reference=reference).files.count()) == 1
    assert person.stayed_on_site()


def test_subscribing_to_the_newsletter(person, in_database):
    address = f"journey-{person.language}-{'js' if person.javascript else 'no-js'}@example.org"
    person.visit(f"/{person.language}/newsletter/")
    form = person.page.locator("main form[method=post]")
    # The language of the page is already chosen for the newsletter.
    assert form.locator("[name=language]").input_value() == person.language
    form.locator("input[type=email]").fill(address)
    form.locator("input[name=topics]").first.check()
    form.locator("input[name=consent]").check()
    with person.page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert person.path() == f"/{person.language}/subscription/"
    assert person.page.locator("[data-error-summary]").count() == 0
    assert person.page.locator("main .confirmation[role=status] h1").is_visible()
    # Waiting for the click in the confirmation mail (the newsletter's own tests follow that link),
    # once the worker has recorded the signup.
    in_database(deliver_outbox)
    subscriber = in_database(lambda: Subscriber.objects.get(email_key=address))
    assert (subscriber.status, subscriber.language) == (SubscriberStatus.PENDING, person.language)
    in_database(lambda: forget_subscriber(subscriber))
    assert person.stayed_on_site()


def forget_subscriber(subscriber):
    OutgoingMail.objects.filter(about=f"newsletter:{subscriber.uuid}").delete()
    subscriber.delete()


def test_pressing_quick_exit_leaves_for_a_neutral_site(person, in_database):
    destination = in_database(lambda: QuickExitDestination.objects.get(language=person.language).url)
    exits = []

    def through_our_exit(route):
        response = route.fetch(max_redirects=0)
        exits.append(response.headers)
        route.fulfill(response=response)

    person.page.route("**/exit/?lang=*", through_our_exit)
    person.visit(f"/{person.language}/request-support/")
    history_length = person.page.evaluate("history.length")
    # The browser sets off for the neutral site (which, as every other host, is out of reach here).
    with person.page.expect_request(destination) as leaving:
        person.page.locator(".quick-exit__button").click()
    assert leaving.value.is_navigation_request()
    assert [headers["location"] for headers in exits] == [destination]
    assert exits[0]["clear-site-data"] == '"cache", "cookies", "storage"'
    assert person.offsite == [destination]
    if person.javascript:
        # location.replace: "Back" does not lead to the page the person left.
        assert person.page.evaluate("history.length") == history_length
