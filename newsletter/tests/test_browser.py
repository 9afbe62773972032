"""In a real browser with JavaScript off, in English and Arabic: sign up, get the mail, confirm,
leave with one click. The pages pass axe (WCAG 2.2 AA) at every step."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_tasks_db.models import DBTaskResult

from newsletter.models import Subscriber, SubscriberStatus
from outbox.mail import deliver_mail
from outbox.models import OutgoingMail
from outbox.testing import deliver_outbox
from tests.test_accessibility import WCAG_TAGS

from .conftest import link_to

pytestmark = pytest.mark.browser


@pytest.fixture
def in_database(django_db_blocker):
    """Run a function with database access (the live server shares the test database)."""

    def run(function, *args, **kwargs):
        with django_db_blocker.unblock():
            return function(*args, **kwargs)

    return run


@pytest.fixture
def forget(in_database):
    """Addresses this test signs up, removed afterwards with their mail (the demo site is shared)."""
    addresses = []
    yield addresses

    def clean():
        for address in addresses:
            for record in Subscriber.objects.filter(email_key=address.lower()):
                for mail in OutgoingMail.objects.filter(about=f"newsletter:{record.uuid}"):
                    DBTaskResult.objects.filter(
                        task_path=deliver_mail.module_path, args_kwargs__args=[str(mail.pk)]
                    ).delete()
                    mail.delete()
                record.delete()

    in_database(clean)


@pytest.fixture
def quick_people(settings):
    """The test types faster than a person: the minimum time is not what is tested here."""
    settings.FORM_MIN_SECONDS = 0


def status_of(in_database, address):
    return in_database(lambda: Subscriber.objects.get(email_key=address).status)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_signup_mail_confirm_and_one_click_unsubscribe_without_javascript(
    browser, live_site, smtp_server, in_database, forget, quick_people, language
):
    address = f"browser-{language}@example.org"
    forget.append(address)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_site}/{language}/newsletter/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.input_value("#id_language") == language
    page.fill("#id_email", address)
    page.check("#id_topics_1")
    page.check("#id_consent")
    page.locator("main form[method=post] button[type=submit]").click()
    assert page.url == f"{live_site}/{language}/subscription/"
    assert page.locator("main .confirmation h1").is_visible()

    in_database(deliver_outbox)  # the worker records the signup, then sends its mail
    assert status_of(in_database, address) == SubscriberStatus.PENDING
    [message] = [m for m in smtp_server.messages if str(m["To"]) == address]
    assert "/subscription/unsubscribe/" in str(message["List-Unsubscribe"])
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"

    page.goto(live_site + link_to(message, "confirm"))
    assert status_of(in_database, address) == SubscriberStatus.PENDING  # opening is not confirming
    page.locator("main form[method=post] button[type=submit]").click()
    assert page.locator("main .confirmation h1").is_visible()
    assert status_of(in_database, address) == SubscriberStatus.SUBSCRIBED

    # Leaving: the button on the page posts the same one-click request a mail client would.
    page.locator("main form[action*='/unsubscribe/'] button[type=submit]").click()
    assert f"/{language}/subscription/unsubscribe/" in page.url
    assert page.locator("main .confirmation h1").is_visible()
    assert status_of(in_database, address) == SubscriberStatus.UNSUBSCRIBED
    context.close()


def violations(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
    ]


@pytest.mark.parametrize("language", ["en", "ar", "fa"])
def test_every_newsletter_page_passes_axe(
    browser, live_site, smtp_server, in_database, forget, quick_people, language
):
    address = f"axe-{language}@example.org"
    forget.append(address)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}

    def check(name):
        problems = violations(page)
        if problems:
            found[name] = problems

    page.goto(f"{live_site}/{language}/newsletter/")
    check("signup")
    page.locator("main form[method=post] button[type=submit]").click()  # nothing filled in
    assert page.locator(".error-summary").is_visible()
    check("signup with errors")
    page.fill("#id_email", address)
    page.check("#id_consent")
    page.locator("main form[method=post] button[type=submit]").click()
    check("check your email")
    in_database(deliver_outbox)
    [message] = [m for m in smtp_server.messages if str(m["To"]) == address]
    page.goto(live_site + link_to(message, "confirm"))
    check("confirm")
    page.locator("main form[method=post] button[type=submit]").click()
    check("subscribed")
    page.goto(live_site + link_to(message, "unsubscribe").replace("/unsubscribe/", "/manage/"))
    check("manage")
    page.goto(live_site + link_to(message, "unsubscribe"))
    check("unsubscribe")
    page.locator("main form[method=post] button[type=submit]").click()
    check("unsubscribed")
    page.goto(f"{live_site}/{language}/subscription/confirm/not-a-link/")
    check("link that does not work")
    context.close()
    assert not found, found
