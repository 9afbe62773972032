"""Spam layers hold a doubtful request in quarantine; they never turn a sender away or lose a request."""

import socket
from unittest import mock
from urllib.error import HTTPError, URLError

import pytest
from django.core.cache import cache
from django_recaptcha.client import RecaptchaResponse

from forms.models import Submission, SupportRequestFormPage
from outbox.models import OutgoingMail
from website.antispam import HONEYPOT_FIELD, TIME_TOKEN_FIELD
from website.models import RateCounter

from .senders import as_a_person, time_token
from .test_submissions import receipt_and_reference, support_data

GOOGLE = "django_recaptcha.fields.client.submit"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def send_support(client, data, language="en"):
    response = client.post(f"/{language}/request-support/", data)
    assert response.status_code == 200
    reference, _receipt = receipt_and_reference(response.content.decode())  # the usual confirmation
    return Submission.objects.get(reference=reference)


def test_a_person_is_received_into_the_inbox_and_its_mail_is_queued(client, inboxes):
    submission = send_support(client, as_a_person("request-support", support_data()))
    assert submission.quarantine_reasons == ""
    purposes = sorted(
        OutgoingMail.objects.filter(about=f"submission:{submission.pk}").values_list("purpose", flat=True)
    )
    assert purposes == ["acknowledgement", "staff-notification"]


def test_the_honeypot_is_hidden_from_people_and_screen_readers(client, inboxes):
    html = client.get("/en/request-support/").content.decode()
    trap_start = html.index('class="spam-trap"')
    trap = html[html.rindex("<div", 0, trap_start) : html.index("</div>", trap_start)]
    assert " hidden" in trap  # not rendered: neither seen nor read out
    assert f'name="{HONEYPOT_FIELD}"' in trap and 'tabindex="-1"' in trap
    assert f'name="{TIME_TOKEN_FIELD}"' in html


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({HONEYPOT_FIELD: "https://spam.example"}, "honeypot"),
        ({TIME_TOKEN_FIELD: ""}, "bad-time-token"),
        ({TIME_TOKEN_FIELD: "not-a-token"}, "bad-time-token"),
        ({TIME_TOKEN_FIELD: "eyJ0IjoxfQ:1tAbCd:forgedsignature"}, "bad-time-token"),
        ({TIME_TOKEN_FIELD: "\x00\ud7ff" * 50}, "bad-time-token"),
        (lambda: {TIME_TOKEN_FIELD: time_token("inbox-feedback")}, "bad-time-token"),  # another form's token
        (lambda: {TIME_TOKEN_FIELD: time_token("inbox-support", seconds_ago=0)}, "too-fast"),
    ],
)
def test_a_tripped_layer_quarantines_with_the_reason_and_shows_the_same_confirmation(
    client, inboxes, change, reason
):
    data = as_a_person("request-support", support_data()) | (change() if callable(change) else change)
    submission = send_support(client, data)
    assert submission.quarantine_reasons.split(",") == [reason]
    # No acknowledgement until a member releases it; the members are told it is held (held_not_silent).
    purposes = OutgoingMail.objects.filter(about=f"submission:{submission.pk}").values_list(
        "purpose", flat=True
    )
    assert list(purposes) == ["staff-held-notification"]


def test_the_rate_limit_holds_the_requests_over_the_daily_limit_from_one_client(client, inboxes, settings):
    settings.FORM_RATE_LIMIT = 3
    held = [
        send_support(client, as_a_person("request-support", support_data())).quarantine_reasons
        for _ in range(5)
    ]
    assert held == ["", "", "", "rate-limit", "rate-limit"]
    other_client = send_support(
        client.__class__(REMOTE_ADDR="203.0.113.9"), as_a_person("request-support", support_data())
    )
    assert other_client.quarantine_reasons == ""


def test_the_rate_limit_keeps_no_address(client, inboxes):
    send_support(client, as_a_person("request-support", support_data()), language="fr")
    counters = list(RateCounter.objects.values("client", "form", "count"))
    assert len(counters) == 1 and counters[0]["count"] == 1 and counters[0]["form"] == "inbox-support"
    assert "127.0.0.1" not in counters[0]["client"] and len(counters[0]["client"]) == 64


# reCAPTCHA ------------------------------------------------------------------------------------


@pytest.fixture
def recaptcha_v2(inboxes):
    SupportRequestFormPage.objects.update(captcha_mode="v2")
    return "v2"


@pytest.fixture
def recaptcha_v3(inboxes):
    SupportRequestFormPage.objects.update(captcha_mode="v3", captcha_min_score=0.5)
    return "v3"


def test_recaptcha_is_off_by_default_with_no_script_and_no_policy_for_google(client, inboxes):
    response = client.get("/en/request-support/")
    assert "recaptcha" not in response.content.decode()
    assert "google" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("mode", ["v2", "v3"])
def test_recaptcha_loads_only_where_it_is_on_from_the_configured_domain(client, inboxes, settings, mode):
    settings.RECAPTCHA_DOMAIN = "www.recaptcha.net"
    SupportRequestFormPage.objects.update(captcha_mode=mode)
    response = client.get("/en/request-support/")
    html = response.content.decode()
    assert 'src="https://www.recaptcha.net/recaptcha/api.js' in html
    assert "https://www.recaptcha.net/recaptcha/" in response["Content-Security-Policy"]
    complaint = client.get("/en/complaint/")
    assert "recaptcha" not in complaint.content.decode()
    assert "recaptcha" not in complaint["Content-Security-Policy"]


def google_answers(success=True, score=None):
    extra = {} if score is None else {"score": score}
    return mock.patch(GOOGLE, return_value=RecaptchaResponse(is_valid=success, extra_data=extra))


def google_fails_with(error):
    return mock.patch(GOOGLE, side_effect=error)


def with_captcha(token="token-from-google"):  # noqa: S107 - what the widget posts
    return as_a_person("request-support", support_data()) | {"g-recaptcha-response": token}


@pytest.mark.parametrize(
    ("failure", "token", "reason"),
    [
        ("script blocked or no JavaScript", "", "captcha-missing"),
        ("challenge refused", "token", "captcha-failed"),
        ("Google unreachable", "token", "captcha-unreachable"),
        ("DNS failure", "token", "captcha-unreachable"),
        ("timeout", "token", "captcha-unreachable"),
        ("HTTP error", "token", "captcha-unreachable"),
        ("not JSON", "token", "captcha-unreachable"),
    ],
)
def test_each_recaptcha_v2_failure_sends_the_request_to_quarantine_never_away(
    client, recaptcha_v2, failure, token, reason
):
    google = {
        "script blocked or no JavaScript": google_answers(True),
        "challenge refused": google_answers(False),
        "Google unreachable": google_fails_with(URLError(ConnectionRefusedError(111, "refused"))),
        "DNS failure": google_fails_with(URLError(socket.gaierror(-2, "Name or service not known"))),
        "timeout": google_fails_with(TimeoutError("timed out")),
        "HTTP error": google_fails_with(HTTPError("https://www.google.com", 503, "down", {}, None)),
        "not JSON": google_fails_with(ValueError("Expecting value")),
    }[failure]
    with google as submit:
        submission = send_support(client, with_captcha(token))
    assert submission.quarantine_reasons == reason
    if token:
        assert submit.call_args.kwargs["remoteip"] is None  # the sender's address is never sent to Google


def test_recaptcha_v3_low_score_goes_to_quarantine_and_a_good_score_to_the_inbox(client, recaptcha_v3):
    with google_answers(True, score=0.1):
        assert send_support(client, with_captcha()).quarantine_reasons == "captcha-low-score"
    with google_answers(True, score=0.9):
        assert send_support(client, with_captcha()).quarantine_reasons == ""


def test_a_passed_recaptcha_v2_goes_to_the_inbox(client, recaptcha_v2):
    with google_answers(True):
        assert send_support(client, with_captcha()).quarantine_reasons == ""
