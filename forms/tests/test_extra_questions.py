"""Editors' optional questions: asked on the page, sealed with the rest, keyed the same in every language."""

import pytest
from django.conf import settings
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.models import Locale
from wagtail_localize.segments.extract import extract_segments

from forms import vault
from forms.inboxes import inbox_private_key, open_answers
from forms.models import MemberKey, SupportRequestFormPage

from .conftest import PASSWORD, signed_in

QUESTION = {"key": "heard_from", "label": "How did you hear about us?", "help_text": "", "long_answer": False}


@pytest.fixture
def form_with_extra_question(inboxes):
    page = SupportRequestFormPage.objects.get(locale=Locale.get_default())
    page.extra_questions = [("question", QUESTION)]
    page.save_revision().publish()
    return page


def test_extra_question_is_asked_optional_and_sealed_under_its_key(
    client, form_with_extra_question, support_member
):
    content = client.get("/en/request-support/").content.decode()
    assert "How did you hear about us?" in content
    assert 'name="extra_heard_from"' in content
    data = {
        "requester": "defender",
        "country": "Atlantis",
        "programme": "unsure",
        "urgency": "urgent",
        "situation": "x",
        "safe_contact": "y",
        "extra_heard_from": "A colleague EXTRAMARK",
    }
    response = client.post("/en/request-support/", data)
    assert b"receipt-code" in response.content
    submission = support_member.inbox_grants.get().inbox.submissions.get()
    assert b"EXTRAMARK" not in bytes(submission.sealed_answers)
    private = vault.unlock_member_key(MemberKey.objects.get(user=support_member), PASSWORD)
    answers = open_answers(submission, inbox_private_key(submission.inbox, support_member, private))[
        "answers"
    ]
    assert answers["extra_heard_from"] == "A colleague EXTRAMARK"
    page = signed_in(support_member).get(f"/{settings.ADMIN_PATH}/inboxes/support/{submission.pk}/")
    assert "How did you hear about us?" in page.content.decode()


def test_the_key_is_never_offered_for_translation_but_the_question_is(form_with_extra_question):
    segments = extract_segments(form_with_extra_question)
    texts = [getattr(segment, "string", None) for segment in segments]
    strings = [text.data if hasattr(text, "data") else text for text in texts if text is not None]
    assert "How did you hear about us?" in strings
    assert "heard_from" not in strings


def test_two_questions_cannot_share_a_key(form_with_extra_question):
    block = SupportRequestFormPage._meta.get_field("extra_questions").stream_block
    value = block.to_python(
        [{"type": "question", "value": QUESTION}, {"type": "question", "value": QUESTION}]
    )
    with pytest.raises(StreamBlockValidationError):
        block.clean(value)
