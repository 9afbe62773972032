"""A blank form's questions are kept as a fragment of the content version (forms/views.py,
blank_form_variant): a reader must still see every published change at once, the choice a link made and
nothing else, their own answers when the form comes back with errors, and never an editor's draft."""

from django.conf import settings
from django.test import Client
from wagtail.models import Locale

from accounts.testing import login_with_second_factor
from forms.models import SupportRequestFormPage

from .conftest import PASSWORD, make_user

QUESTION = {"key": "heard_from", "label": "How did you hear about us?", "help_text": "", "long_answer": False}


def english_support_form():
    return SupportRequestFormPage.objects.get(locale=Locale.get_default())


def test_a_published_question_is_asked_at_once(client, inboxes):
    assert "How did you hear about us?" not in client.get("/en/request-support/").content.decode()
    page = english_support_form()
    page.extra_questions = [("question", QUESTION)]
    page.save_revision().publish()
    content = client.get("/en/request-support/").content.decode()
    assert "How did you hear about us?" in content and 'name="extra_heard_from"' in content
    page.extra_questions = []
    page.save_revision().publish()
    assert 'name="extra_heard_from"' not in client.get("/en/request-support/").content.decode()


def test_the_programme_a_link_chose_is_not_chosen_for_the_next_reader(client, inboxes):
    chosen = client.get("/en/request-support/?programme=shelter").content.decode()
    assert '<option value="shelter" selected>' in chosen
    plain = client.get("/en/request-support/").content.decode()
    assert '<option value="unsure" selected>' in plain and '<option value="shelter" selected>' not in plain
    other = client.get("/en/request-support/?programme=relocation").content.decode()
    assert (
        '<option value="relocation" selected>' in other and '<option value="shelter" selected>' not in other
    )


def test_each_language_keeps_its_own_questions(client, inboxes):
    client.get("/en/request-support/")
    arabic = client.get("/ar/request-support/").content.decode()
    assert 'lang="ar"' in arabic and "What happened, and what do you need?" not in arabic


def test_a_form_sent_back_with_errors_holds_what_was_typed(client, inboxes):
    client.get("/en/request-support/")  # the blank form is kept
    response = client.post("/en/request-support/", {"country": "Typed-Country-KEPT", "situation": ""})
    content = response.content.decode()
    assert 'value="Typed-Country-KEPT"' in content
    assert 'aria-invalid="true"' in content
    # …and the typing never reaches the blank form of the next reader.
    assert "Typed-Country-KEPT" not in client.get("/en/request-support/").content.decode()


def test_a_drafts_preview_never_reaches_the_public_form(client, inboxes):
    public = client.get("/en/request-support/").content.decode()
    assert "How did you hear about us?" not in public
    draft = english_support_form()
    draft.extra_questions = [("question", QUESTION)]
    draft.save_revision()
    editor = make_user("form-editor", superuser=True)
    editor_client = login_with_second_factor(Client(), editor, password=PASSWORD)
    preview = editor_client.get(f"/{settings.ADMIN_PATH}/pages/{draft.pk}/view_draft/").content.decode()
    assert "How did you hear about us?" in preview and 'name="extra_heard_from"' in preview
    assert "How did you hear about us?" not in client.get("/en/request-support/").content.decode()


def test_a_made_up_programme_in_the_address_keeps_no_copy_of_its_own(rf, inboxes):
    """A flood of `?programme=<random>` must not fill the cache: only the programmes there are count."""
    from forms.views import blank_form_variant

    page = english_support_form()

    def variant(query):
        request = rf.get(f"/en/request-support/?{query}")
        return blank_form_variant(page.build_form(initial=page.initial_values(request)))

    made_up = {variant(f"programme={n}x") for n in range(50)} | {variant("programme=" + "a" * 5000)}
    assert made_up == {variant("")}
    assert variant("programme=shelter") != variant("")
