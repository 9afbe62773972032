"""Editors edit the FAQ in Wagtail's admin; a repeated anchor is refused with a message on that block."""

from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.testing import login_with_second_factor
from faq.models import FAQPage


def question(text, anchor, position):
    return {
        "value": {"question": text, "anchor": anchor, "answer": rich_text(f"<p>{text}</p>")},
        "deleted": "",
        "order": str(position),
        "id": "",
    }


def edit_form(page, question_anchors):
    questions = {
        str(index): question(f"Question {index}?", anchor, index)
        for index, anchor in enumerate(question_anchors)
    }
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "body": streamfield(
                [
                    (
                        "section",
                        {
                            "title": "Funding",
                            "anchor": "funding",
                            "questions": {"count": str(len(questions)), **questions},
                        },
                    )
                ]
            ),
        }
    )


def test_editor_opens_the_faq_and_saves_unique_anchors(client, english_faq, django_user_model):
    login_with_second_factor(
        client, django_user_model.objects.create_superuser("faq-editor", "faq@example.org", "x")
    )
    url = reverse("wagtailadmin_pages:edit", args=[english_faq.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "who-funds-us" in page.content.decode()
    response = client.post(url, edit_form(english_faq, ["who-funds-us", "are-you-independent"]))
    assert response.status_code == 302
    draft = FAQPage.objects.get(pk=english_faq.pk).get_latest_revision_as_object()
    assert [item["anchor"] for item in draft.body[0].value["questions"]] == [
        "who-funds-us",
        "are-you-independent",
    ]


def test_editor_cannot_save_the_same_anchor_twice(client, english_faq, django_user_model):
    login_with_second_factor(
        client, django_user_model.objects.create_superuser("faq-editor", "faq@example.org", "x")
    )
    url = reverse("wagtailadmin_pages:edit", args=[english_faq.pk])
    response = client.post(url, edit_form(english_faq, ["who-funds-us", "who-funds-us"]))
    assert response.status_code == 200
    error = response.context["form"].errors["body"].as_data()[0]
    questions = error.block_errors[0].block_errors["questions"]
    assert list(questions.block_errors) == [1]  # the second use is marked, not the first
    assert questions.block_errors[1].block_errors["anchor"].messages == [
        "“who-funds-us” is already used on this page; choose another anchor."
    ]
    assert FAQPage.objects.get(pk=english_faq.pk).get_latest_revision().content == (
        english_faq.get_latest_revision().content
    )
