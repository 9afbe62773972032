"""Nothing a reader sent reaches an error report: a server error during a form's POST, with ADMINS
set, mails a report (and logs a record) in which no answer, no file name and no address appears."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.views.debug import get_exception_reporter_class

from forms import views as form_views

from .senders import as_a_person
from .test_submissions import MARKER, support_data


class SealingFails(RuntimeError):
    pass


def fail(*args, **kwargs):
    raise SealingFails("the vault is broken")


@pytest.fixture
def reports(settings, smtp_server, caplog):
    settings.ADMINS = [("Operations", "ops@example.org")]
    settings.SERVER_EMAIL = "server@example.org"
    caplog.set_level(logging.ERROR, logger="django.request")
    return smtp_server


def decoded(mail):
    """Headers and every text part, decoded (a report is sent in base64, where a search finds nothing)."""
    parts = [part.get_content() for part in mail.walk() if part.get_content_maintype() == "text"]
    return "\n".join([str(mail["Subject"]), *parts])


def assert_no_trace_of(secret, report_mail, records):
    assert report_mail["Subject"].startswith("[Django] ERROR")
    body = decoded(report_mail)
    assert "SealingFails" in body or "Internal Server Error" in body  # it is the report of this error
    assert secret not in body and secret.lower() not in body
    for record in records:
        text = logging.Formatter("%(message)s %(exc_info)s").format(record)
        assert secret not in text and secret.lower() not in text
        # What an HTML report or an error tracker built on Django's reporter would show, frames included.
        reporter = get_exception_reporter_class(record.request)(record.request, *record.exc_info)
        html = reporter.get_traceback_html()
        assert "SealingFails" in html
        assert secret not in html and secret.lower() not in html


def test_a_server_error_during_a_form_post_reports_no_answer(monkeypatch, inboxes, reports, caplog):
    monkeypatch.setattr(form_views, "seal_submission", fail)
    attachment = SimpleUploadedFile(f"{MARKER}-evidence.txt", f"text {MARKER}".encode(), "text/plain")
    data = as_a_person("request-support", support_data()) | {"files": [attachment]}
    response = Client(raise_request_exception=False).post("/en/request-support/", data)
    assert response.status_code == 500
    [report] = [m for m in reports.messages if m["To"] == "ops@example.org"]
    body = decoded(report)
    assert "situation = '********************'" in body  # the fields are named, their values never
    assert "files = '********************'" in body
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records
    assert_no_trace_of(MARKER, report, records)


def test_a_server_error_on_the_status_page_reports_no_receipt_code(monkeypatch, inboxes, reports, caplog):
    monkeypatch.setattr(form_views, "find_by_receipt", fail)
    code = "ABCD-EFGH-JKMN-PQRS-TVWX"
    response = Client(raise_request_exception=False).post("/en/status/", {"receipt_code": code})
    assert response.status_code == 500
    [report] = reports.messages
    assert_no_trace_of(code, report, [r for r in caplog.records if r.name == "django.request"])


def test_a_server_error_during_a_newsletter_signup_reports_no_address(
    monkeypatch, demo_site, reports, caplog
):
    import newsletter.views

    monkeypatch.setattr(newsletter.views, "SignupForm", fail)
    address = f"{MARKER.lower()}@example.org"
    response = Client(raise_request_exception=False).post(
        "/en/subscription/", {"email": address, "consent": "on"}
    )
    assert response.status_code == 500
    [report] = reports.messages
    assert_no_trace_of(address, report, [r for r in caplog.records if r.name == "django.request"])
