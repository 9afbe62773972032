"""Anchors are valid link targets and unique on the page; editors see the error on the block at fault."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError

from faq.blocks import FAQSectionsBlock


def body(*sections):
    """Raw StreamField data: each section is (anchor, [question anchors])."""
    return [
        {
            "type": "section",
            "value": {
                "title": f"Section {anchor}",
                "anchor": anchor,
                "questions": [
                    {"question": f"Question {slug}?", "anchor": slug, "answer": "<p>An answer.</p>"}
                    for slug in question_anchors
                ],
            },
        }
        for anchor, question_anchors in sections
    ]


def clean(data):
    block = FAQSectionsBlock()
    return block.clean(block.to_python(data))


def anchor_error(error, section_index, question_index=None):
    section_error = error.block_errors[section_index]
    if question_index is None:
        return section_error.block_errors["anchor"]
    return section_error.block_errors["questions"].block_errors[question_index].block_errors["anchor"]


def test_unique_anchors_are_accepted():
    cleaned = clean(body(("funding", ["who-funds-us", "are-you-independent"]), ("safety", ["tracking"])))
    assert [item["anchor"] for item in cleaned[0].value["questions"]] == [
        "who-funds-us",
        "are-you-independent",
    ]


def test_a_question_anchor_used_twice_is_rejected_where_it_repeats():
    with pytest.raises(StreamBlockValidationError) as caught:
        clean(body(("funding", ["who-funds-us"]), ("safety", ["tracking", "who-funds-us"])))
    error = caught.value
    assert 0 not in error.block_errors
    assert "“who-funds-us” is already used" in anchor_error(error, 1, 1).messages[0]
    assert 0 not in error.block_errors[1].block_errors["questions"].block_errors
    assert error.non_block_errors


def test_a_question_anchor_cannot_take_a_section_id_or_an_id_of_the_page():
    with pytest.raises(StreamBlockValidationError) as caught:
        clean(body(("funding", ["section-funding", "main", "faq-contents"])))
    error = caught.value
    assert sorted(error.block_errors[0].block_errors["questions"].block_errors) == [0, 1, 2]


def test_two_sections_cannot_share_an_anchor():
    with pytest.raises(StreamBlockValidationError) as caught:
        clean(body(("funding", ["a"]), ("funding", ["b"])))
    assert "section-funding" in anchor_error(caught.value, 1).messages[0]


@pytest.mark.parametrize(
    "anchor", ["Who-funds-us", "who funds us", "who--funds", "-who", "9-lives", "qui-nous-finance-é"]
)
def test_an_anchor_must_be_a_lowercase_slug(anchor):
    with pytest.raises(ValidationError):
        clean(body(("funding", [anchor])))
