"""Nobody learns through the form who is subscribed, nobody floods a mailbox through us, and no input
makes the server fail."""

import re
import string
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_recaptcha.client import RecaptchaResponse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsletter.models import NewsletterSettings, Subscriber, SubscriberStatus
from newsletter.subscriptions import request_subscription
from outbox.models import OutgoingMail
from website.antispam import HONEYPOT_FIELD

from .conftest import deliver, link_to, sign_up, subscriber

pytestmark = pytest.mark.django_db
GOOGLE = "django_recaptcha.fields.client.submit"


def answer(client, email, **fields):
    response = sign_up(client, email, **fields)
    return response.status_code, response.content


def make_subscribed(email, status=SubscriberStatus.SUBSCRIBED):
    """An address that confirmed two days ago (its confirmation mail long sent)."""
    two_days_ago = timezone.now() - timedelta(days=2)
    return Subscriber.objects.create(
        email=email,
        email_key=email.lower(),
        language="en",
        status=status,
        consented_at=two_days_ago,
        confirmed_at=two_days_ago,
        last_mail_sent_at=two_days_ago,
    )


def test_the_answer_is_the_same_whatever_the_address_is(client, demo_site):
    make_subscribed("subscribed@example.org")
    pending = "pending@example.org"
    request_subscription(email=pending, language="en", topic_keys=[], consent_language="en")
    make_subscribed("left@example.org", SubscriberStatus.UNSUBSCRIBED)
    answers = {
        email: answer(client, email)
        for email in ["subscribed@example.org", pending, "left@example.org", "unknown@example.org"]
    }
    assert len(set(answers.values())) == 1, "the page tells one address from another"


def test_the_request_does_the_same_work_whatever_the_address_is(client, demo_site):
    """The same SQL for an unknown, a pending and a subscribed address (so the same time; measured by
    scripts/bench_newsletter_timing.py): the worker decides what to record and mail."""
    make_subscribed("subscribed@example.org")
    request_subscription(email="pending@example.org", language="en", topic_keys=[], consent_language="en")
    sign_up(client, "first@example.org")  # the site, settings and layout are now known to this process
    work = {}
    for email in ["unknown@example.org", "pending@example.org", "subscribed@example.org"]:
        with CaptureQueriesContext(connection) as queries:
            sign_up(client, email)
        # Without the values: the address is in none of them, and ids differ.
        # Savepoints (the rate counter's atomic block) are numbered per transaction: names, not work.
        work[email] = [re.sub(r"'[^']*'|\b\d+\b|\bs\d+_x\d+\b", "?", query["sql"]) for query in queries]
    assert work["unknown@example.org"] == work["pending@example.org"] == work["subscribed@example.org"]
    assert not any("newsletter_subscriber" in sql for sql in work["unknown@example.org"])
    sealed = DBTaskResult.objects.filter(task_path="newsletter.tasks.handle_signup")
    assert sealed.count() == 4
    assert not any("example.org" in str(task.args_kwargs) for task in sealed)  # sealed, not in clear


def test_a_subscriber_asking_again_gets_a_manage_mail_and_nothing_changes(client, demo_site, smtp_server):
    record = make_subscribed("reader@example.org")
    sign_up(client, "READER@example.org", language="ru", topics=["news"])
    deliver()
    [message] = smtp_server.messages
    assert link_to(message, "manage")  # "you already receive it: change your choices here"
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    record.refresh_from_db()
    assert record.status == SubscriberStatus.SUBSCRIBED
    assert record.language == "en"  # a stranger cannot change someone's subscription
    assert record.topics.count() == 0


def test_at_most_one_mail_a_day_per_address_whatever_the_spelling(client, demo_site, smtp_server):
    for spelling in ["flood@example.org", "FLOOD@example.org", "Flood@EXAMPLE.org", "flood@example.org"]:
        sign_up(client, spelling)
    deliver()
    assert len(smtp_server.messages) == 1
    assert Subscriber.objects.filter(email_key="flood@example.org").count() == 1
    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        sign_up(client, "flood@example.org")
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        sign_up(client, "flood@example.org")
        sign_up(client, "flood@example.org")
        deliver()
    assert len(smtp_server.messages) == 2


def test_an_older_confirmation_link_still_works_after_asking_again(client, demo_site, smtp_server):
    sign_up(client, "twice@example.org", topics=["news"])
    sign_up(client, "twice@example.org", topics=["vacancies"])  # no second mail today
    deliver()
    [message] = smtp_server.messages
    client.post(link_to(message, "confirm"))
    record = subscriber("twice@example.org")
    assert record.status == SubscriberStatus.SUBSCRIBED
    assert [topic.key for topic in record.topics.all()] == ["vacancies"]  # the latest choice


def test_a_honeypot_signup_is_held_without_mail_and_looks_the_same(client, demo_site, smtp_server):
    person = answer(client, "person@example.org")
    bot = answer(client, "victim@example.org", **{HONEYPOT_FIELD: "http://spam.example"})
    assert bot == person
    deliver()
    assert [str(message["To"]) for message in smtp_server.messages] == ["person@example.org"]
    held = subscriber("victim@example.org")
    assert held.status == SubscriberStatus.QUARANTINED
    assert held.quarantine_reasons == "honeypot"


def test_a_signup_sent_too_fast_is_held(client, demo_site, smtp_server):
    sign_up(client, "fast@example.org", seconds_ago=0)
    deliver()
    assert smtp_server.messages == []
    assert "too-fast" in subscriber("fast@example.org").quarantine_reasons


def test_many_signups_from_one_client_are_held_after_the_limit(client, demo_site, settings, smtp_server):
    settings.FORM_RATE_LIMIT = 3
    for number in range(5):
        sign_up(client, f"address{number}@example.org")
    deliver()
    assert len(smtp_server.messages) == 3
    assert subscriber("address4@example.org").quarantine_reasons == "rate-limit"


@pytest.fixture
def captcha_on(demo_site):
    newsletter_settings = NewsletterSettings.load()
    newsletter_settings.captcha_mode = "v2"
    newsletter_settings.save()
    return newsletter_settings


def test_with_recaptcha_on_only_the_signup_page_loads_it(client, captcha_on):
    page = client.get("/en/newsletter/")
    assert "https://www.google.com/recaptcha/api.js" in page.content.decode()
    assert "https://www.google.com/recaptcha/" in page["Content-Security-Policy"]


def test_a_failed_recaptcha_waits_in_quarantine_for_the_confirmation_click(client, captcha_on, smtp_server):
    with mock.patch(GOOGLE, return_value=RecaptchaResponse(is_valid=False)):
        refused = answer(client, "no-js@example.org", **{"g-recaptcha-response": "token"})
    missing = answer(client, "blocked@example.org")  # no JavaScript: the widget never ran
    with mock.patch(GOOGLE, return_value=RecaptchaResponse(is_valid=True)):
        passed = answer(client, "passed@example.org", **{"g-recaptcha-response": "token"})
    assert refused == missing == passed
    deliver()
    assert subscriber("no-js@example.org").status == SubscriberStatus.QUARANTINED
    assert subscriber("blocked@example.org").quarantine_reasons == "captcha-missing"
    assert subscriber("passed@example.org").status == SubscriberStatus.PENDING
    assert len(smtp_server.messages) == 3  # the click is the proof of a person
    message = next(m for m in smtp_server.messages if str(m["To"]) == "blocked@example.org")
    client.post(link_to(message, "confirm"))
    assert subscriber("blocked@example.org").status == SubscriberStatus.SUBSCRIBED


def test_google_unreachable_never_turns_anyone_away(client, captcha_on, smtp_server):
    with mock.patch(GOOGLE, side_effect=TimeoutError):
        response = sign_up(client, "tor@example.org", **{"g-recaptcha-response": "token"})
    assert response.status_code == 200
    deliver()
    assert subscriber("tor@example.org").quarantine_reasons == "captcha-unreachable"


EMAILISH = st.one_of(
    st.text(max_size=300),
    st.emails(),
    st.builds(
        lambda local, domain: f"{local}@{domain}", st.text(min_size=1, max_size=70), st.text(max_size=70)
    ),
)
HOSTILE_TEXT = st.one_of(
    st.text(max_size=300), st.sampled_from(["\x00", "' OR 1=1 --", "<script>", "=cmd|' /C calc'!A0"])
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    email=EMAILISH,
    language=HOSTILE_TEXT,
    topics=st.lists(HOSTILE_TEXT, max_size=5),
    consent=HOSTILE_TEXT,
    token=HOSTILE_TEXT,
)
def test_no_input_to_the_signup_makes_a_server_error(demo_site, email, language, topics, consent, token):
    client = Client(raise_request_exception=True)
    data = {
        "email": email,
        "language": language,
        "topics": topics,
        "consent": consent,
        "pd_form_started": token,
    }
    response = client.post("/ar/subscription/", data)
    assert response.status_code == 200
    deliver()  # nor in the worker that records it
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()
    for record in Subscriber.objects.all():
        assert "@" in record.email and "\x00" not in record.email
        assert record.language in {"en", "fr", "es", "ru", "ar", "fa", "pt"}


TOKEN_CHARS = string.ascii_letters + string.digits + ":-_.~%"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    token=st.text(alphabet=TOKEN_CHARS, min_size=1, max_size=200),
    kind=st.sampled_from(["confirm", "manage", "unsubscribe"]),
)
def test_no_link_makes_a_server_error(demo_site, token, kind):
    client = Client(raise_request_exception=True)
    for method in (client.get, client.post):
        response = method(f"/fa/subscription/{kind}/{token}/")
        assert response.status_code in (400, 404), (kind, token, response.status_code)
    assert not OutgoingMail.objects.exists()
