"""Double opt-in through a real SMTP server: sign up, receive the mail, confirm, manage, leave."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from newsletter.consent import CONSENT_TEXT_VERSION
from newsletter.models import Subscriber, SubscriberStatus
from outbox.models import OutgoingMail

from .conftest import deliver, link_to, sign_up, signup_data, subscriber

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def main_text(response):
    return " ".join(soup(response).select_one("main").get_text(" ").split())


@pytest.mark.parametrize("language", ["en", "ar"])
def test_signup_confirm_and_one_click_unsubscribe(client, demo_site, smtp_server, language):
    response = sign_up(
        client, "Defender@Example.ORG", page_language=language, language=language, topics=["news"]
    )
    assert soup(response).select_one("main h1").get_text(strip=True)  # "Check your email", in the language
    assert soup(response).html["lang"] == language
    # The request only queued the signup (the same work for every address); the worker records it.
    assert not Subscriber.objects.filter(email_key="defender@example.org").exists()

    deliver()
    assert subscriber("defender@example.org").status == SubscriberStatus.PENDING  # not a subscriber yet
    [message] = smtp_server.messages
    assert message["To"] == "Defender@example.org"  # the domain in lower case, the rest as typed
    # A long header is folded onto a second line; unfolded, it is the link in angle brackets.
    list_unsubscribe = str(message["List-Unsubscribe"]).strip()
    assert list_unsubscribe.startswith("<http") and list_unsubscribe.endswith(">")
    assert "/subscription/unsubscribe/" in list_unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.get_body(("html",)).get_content()
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")
    confirm_path = link_to(message, "confirm")
    assert confirm_path.startswith(f"/{language}/subscription/confirm/")

    # Opening the link changes nothing (mail scanners open links); the button confirms.
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert subscriber("defender@example.org").status == SubscriberStatus.PENDING
    assert soup(page).select_one("main form[method=post] button")
    confirmed = client.post(confirm_path)
    assert confirmed.status_code == 200
    record = subscriber("defender@example.org")
    assert record.status == SubscriberStatus.SUBSCRIBED
    assert record.consent_text_version == CONSENT_TEXT_VERSION
    assert record.consent_language == language
    assert record.consented_at is not None and record.confirmed_at >= record.consented_at
    assert [topic.key for topic in record.topics.all()] == ["news"]
    assert [event["event"] for event in record.history] == ["requested", "confirmed"]

    # The one-click unsubscribe of RFC 8058: a POST with no cookie and no CSRF token.
    unsubscribe_url = list_unsubscribe.strip("<>")
    mail_client = Client(enforce_csrf_checks=True)
    left = mail_client.post(
        "/" + unsubscribe_url.split("/", 3)[3],
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert left.status_code == 200
    record.refresh_from_db()
    assert record.status == SubscriberStatus.UNSUBSCRIBED
    assert record.unsubscribed_at is not None
    assert record.topics.count() == 0


def test_the_mail_is_in_the_language_chosen_not_the_pages(client, demo_site, smtp_server):
    sign_up(client, "reader@example.org", page_language="en", language="ar")
    deliver()
    [message] = smtp_server.messages
    html = message.get_body(("html",)).get_content()
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert link_to(message, "confirm").startswith("/ar/subscription/confirm/")
    # The consent was given on the English page: that is its language.
    assert subscriber("reader@example.org").consent_language == "en"


def test_the_signup_page_sets_no_cookie_is_never_cached_and_links_the_privacy_notice(client, demo_site):
    for language, privacy in [("en", "/en/privacy/"), ("ar", "/ar/privacy/"), ("fa", "/en/privacy/")]:
        response = client.get(f"/{language}/newsletter/")
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert not response.cookies  # no CSRF cookie: the form needs none
        page = soup(response)
        form = page.select_one("main form[method=post]")
        assert form["action"] == f"/{language}/subscription/"
        assert page.select_one("#id_language option[selected]")["value"] == language
        assert page.select_one("#id_consent-hint a")["href"] == privacy
        assert len(page.select("input[name=topics]")) == 3


def test_a_post_without_csrf_cookie_and_with_origin_null_is_accepted(demo_site, smtp_server):
    # A compact form on a page with Referrer-Policy no-referrer posts with "Origin: null".
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/en/subscription/", signup_data("null-origin@example.org"), HTTP_ORIGIN="null")
    assert response.status_code == 200
    deliver()
    assert Subscriber.objects.filter(email_key="null-origin@example.org").exists()


def test_form_errors_are_listed_and_nothing_is_stored_or_sent(client, demo_site):
    response = client.post("/ar/subscription/", signup_data("not an address", consent=False))
    assert response.status_code == 200
    page = soup(response)
    summary = page.select_one(".error-summary")
    assert [link["href"] for link in summary.select("a")] == ["#id_email", "#id_consent"]
    assert page.select_one("#id_email")["value"] == "not an address"  # what was typed stays
    assert not Subscriber.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_an_expired_confirmation_link_is_refused_with_a_clear_message(client, demo_site, smtp_server):
    sign_up(client, "late@example.org")
    deliver()
    confirm_path = link_to(smtp_server.messages[0], "confirm")
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        for method in (client.get, client.post):
            response = method(confirm_path)
            assert response.status_code == 410
            assert "This link has expired" in main_text(response)
            assert "sign up again" in main_text(response)
    assert subscriber("late@example.org").status == SubscriberStatus.PENDING


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # altered signature
        lambda token: "0" * 32 + token[32:],  # another subscriber's id with this signature
        lambda token: token.rsplit(":", 1)[0],  # signature cut off
        lambda token: "nonsense",
    ],
)
def test_forged_links_are_refused_with_a_clear_message(client, demo_site, smtp_server, tamper):
    sign_up(client, "target@example.org")
    deliver()
    message = smtp_server.messages[0]
    for kind in ("confirm", "unsubscribe"):
        path = link_to(message, kind)
        prefix, token = path.rstrip("/").rsplit("/", 1)
        forged = f"{prefix}/{tamper(token)}/"
        for method in (client.get, client.post):
            response = method(forged)
            assert response.status_code == 400, forged
            assert "This link does not work" in main_text(response)
    assert subscriber("target@example.org").status == SubscriberStatus.PENDING


def test_a_confirmation_link_is_not_an_unsubscribe_link_and_back(client, demo_site, smtp_server):
    sign_up(client, "mixed@example.org")
    deliver()
    message = smtp_server.messages[0]
    confirm_token = link_to(message, "confirm").rstrip("/").rsplit("/", 1)[1]
    unsubscribe_token = link_to(message, "unsubscribe").rstrip("/").rsplit("/", 1)[1]
    assert client.post(f"/en/subscription/unsubscribe/{confirm_token}/").status_code == 400
    assert client.post(f"/en/subscription/confirm/{unsubscribe_token}/").status_code == 400
    assert subscriber("mixed@example.org").status == SubscriberStatus.PENDING


def test_unsubscribing_from_the_confirmation_mail_forgets_the_address(client, demo_site, smtp_server):
    sign_up(client, "not-me@example.org")
    deliver()
    message = smtp_server.messages[0]
    assert client.post(link_to(message, "unsubscribe")).status_code == 200
    assert not Subscriber.objects.filter(email_key="not-me@example.org").exists()
    # The confirmation link then says so instead of subscribing anyone.
    response = client.post(link_to(message, "confirm"))
    assert response.status_code == 410
    assert "This link no longer works" in main_text(response)


def test_the_unsubscribe_link_asks_first_and_a_confirm_link_cannot_undo_it(client, demo_site, smtp_server):
    sign_up(client, "leaving@example.org")
    deliver()
    message = smtp_server.messages[0]
    client.post(link_to(message, "confirm"))
    asked = client.get(link_to(message, "unsubscribe"))
    assert asked.status_code == 200
    assert soup(asked).select_one("main form[method=post] input[name=List-Unsubscribe]")
    assert subscriber("leaving@example.org").status == SubscriberStatus.SUBSCRIBED  # a GET changes nothing
    client.post(link_to(message, "unsubscribe"))
    assert subscriber("leaving@example.org").status == SubscriberStatus.UNSUBSCRIBED
    again = client.post(link_to(message, "confirm"))
    assert again.status_code == 410
    assert subscriber("leaving@example.org").status == SubscriberStatus.UNSUBSCRIBED
    # Unsubscribing twice is harmless and says the same.
    assert client.post(link_to(message, "unsubscribe")).status_code == 200


def test_the_manage_page_changes_language_and_topics_with_the_same_link(client, demo_site, smtp_server):
    sign_up(client, "reader@example.org", topics=["news"])
    deliver()
    message = smtp_server.messages[0]
    client.post(link_to(message, "confirm"))
    manage_path = link_to(message, "unsubscribe").replace("/unsubscribe/", "/manage/")
    page = client.get(manage_path)
    assert page.status_code == 200
    assert soup(page).select_one("input[name=topics][value=news]").has_attr("checked")
    saved = client.post(manage_path, {"language": "fr", "topics": ["programmes", "vacancies"]})
    assert saved.status_code == 200
    assert soup(saved).select_one("main .confirmation")
    record = subscriber("reader@example.org")
    assert record.language == "fr"
    assert sorted(topic.key for topic in record.topics.all()) == ["programmes", "vacancies"]
    # Refused values change nothing.
    client.post(manage_path, {"language": "xx", "topics": ["programmes"]})
    record.refresh_from_db()
    assert record.language == "fr"


def test_subscribed_pages_show_topics_in_the_readers_language(client, demo_site, smtp_server):
    sign_up(client, "lecteur@example.org", page_language="fr", language="fr", topics=["vacancies"])
    deliver()
    confirmed = client.post(link_to(smtp_server.messages[0], "confirm"))
    assert "Emplois et appels" in main_text(confirmed)
    assert soup(confirmed).html["lang"] == "fr"


def test_the_signup_address_sends_a_get_to_the_signup_page_of_its_language(client, demo_site):
    response = client.get("/ru/subscription/")
    assert response.status_code == 302
    assert response["Location"] == "/ru/newsletter/"


def test_links_in_the_mail_use_the_public_address_never_the_requests_host(demo_site, smtp_server, settings):
    settings.PUBLIC_BASE_URL = "https://defenders.example"
    client = Client(HTTP_HOST="attacker.example")
    settings.ALLOWED_HOSTS = ["*"]
    sign_up(client, "host-check@example.org")
    deliver()
    [message] = smtp_server.messages
    text = message.get_body(("plain",)).get_content()
    assert "https://defenders.example/" in text
    assert "attacker.example" not in message.as_string()
    assert str(message["List-Unsubscribe"]).strip().startswith("<https://defenders.example/")
