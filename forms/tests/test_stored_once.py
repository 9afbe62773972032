"""A request is stored once: a reload of the confirmation page, a double click or a retry of the same
rendered form stores nothing new and answers with the same reference, never with a receipt code."""

import pytest
from django.db import connection

from forms.models import Submission, SupportRequestFormPage
from forms.views import accept_submission
from outbox.models import OutgoingMail
from website.antispam import SUBMISSION_TOKEN_FIELD, SpamDefence

from .senders import as_a_person, once
from .test_held_not_silent import hidden_fields
from .test_submissions import MARKER, receipt_and_reference, support_data

SENT_AGAIN = "This form had already been sent, so nothing was sent again"


def test_the_rendered_form_carries_a_one_time_token_of_its_own(client, inboxes):
    first = hidden_fields(client.get("/en/request-support/").content.decode())
    second = hidden_fields(client.get("/en/request-support/").content.decode())
    assert first[SUBMISSION_TOKEN_FIELD] and first[SUBMISSION_TOKEN_FIELD] != second[SUBMISSION_TOKEN_FIELD]


def test_a_reload_of_the_confirmation_stores_nothing_and_shows_the_same_reference(client, inboxes):
    data = once("request-support", as_a_person("request-support", support_data()))
    first = client.post("/en/request-support/", data)
    reference, receipt = receipt_and_reference(first.content.decode())

    again = client.post("/en/request-support/", data)  # the browser's "resend the form?"
    page = again.content.decode()
    assert again.status_code == 200
    assert Submission.objects.count() == 1
    assert reference in page and receipt not in page and 'id="receipt-code"' not in page
    assert SENT_AGAIN in page and "we cannot show it again" in page and "hotline" in page
    assert MARKER not in page
    assert again["Cache-Control"] == "no-store, private"  # neither answer is kept by any cache
    assert first["Cache-Control"] == "no-store, private"
    # Nothing more is mailed either.
    assert OutgoingMail.objects.filter(about=f"submission:{Submission.objects.get().pk}").count() == 2


def test_the_token_is_kept_across_an_error_so_the_fixed_form_is_still_one_request(client, inboxes):
    rendered = hidden_fields(client.get("/en/request-support/").content.decode())
    with_error = client.post("/en/request-support/", rendered | support_data(situation=""))
    kept = hidden_fields(with_error.content.decode())
    read = SpamDefence(None, "inbox-support").read_submission_token
    assert read(kept[SUBMISSION_TOKEN_FIELD]) == read(rendered[SUBMISSION_TOKEN_FIELD]) is not None
    client.post("/en/request-support/", kept | support_data())
    client.post("/en/request-support/", kept | support_data())  # a double click
    assert Submission.objects.count() == 1


def test_a_forged_or_missing_token_is_still_stored_never_lost(client, inboxes):
    data = as_a_person("request-support", support_data())
    client.post("/en/request-support/", data)
    client.post("/en/request-support/", data | {SUBMISSION_TOKEN_FIELD: "forged:token:value"})
    assert Submission.objects.count() == 2


def test_only_a_keyed_hash_of_the_token_is_stored(client, inboxes):
    data = once("request-support", as_a_person("request-support", support_data()))
    client.post("/en/request-support/", data)
    token = data[SUBMISSION_TOKEN_FIELD]
    digest = Submission.objects.get().submission_token_digest
    nonce = SpamDefence(None, "inbox-support").read_submission_token(token)
    assert len(digest) == 64 and nonce not in digest and token not in digest


def test_two_requests_with_one_token_at_once_store_one(inboxes):
    """The race of a double click: both pass the first look-up; the unique constraint decides."""
    form_page = SupportRequestFormPage.objects.get(locale__language_code="en")
    digest = "d" * 64

    def valid_form():
        form = form_page.build_form(support_data())
        assert form.is_valid()
        return form

    first, receipt = accept_submission(form_page, inboxes["support"], valid_form(), [], digest)
    second, no_receipt = accept_submission(form_page, inboxes["support"], valid_form(), [], digest)
    assert receipt and no_receipt is None
    assert second.pk == first.pk and Submission.objects.count() == 1
    if connection.vendor == "postgresql":
        # The losing transaction left nothing behind: no mail of its own.
        assert OutgoingMail.objects.count() == 2


@pytest.mark.parametrize("slug", ["complaint", "feedback"])
def test_every_inbox_form_stores_a_resend_once(client, inboxes, slug):
    answers = {"complaint": {"complaint": "a complaint"}, "feedback": {"sentiment": "mixed", "feedback": "x"}}
    data = once(slug, as_a_person(slug, answers[slug]))
    client.post(f"/en/{slug}/", data)
    client.post(f"/en/{slug}/", data)
    assert Submission.objects.count() == 1
