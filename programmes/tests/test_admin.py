"""Editors can add and edit programmes, and translators open them in wagtail-localize's editor."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.testing import login_with_second_factor
from programmes.models import ProgrammeIndexPage

from .helpers import programme


@pytest.fixture
def editor_client(client, demo_site):
    login_with_second_factor(
        client, get_user_model().objects.create_superuser("programme-editor", "e@example.org", "x")
    )
    return client


def test_editor_opens_the_programme_edit_form(editor_client):
    english = programme("shelter-initiatives")
    content = editor_client.get(f"/{settings.ADMIN_PATH}/pages/{english.pk}/edit/").content.decode()
    for field in ["status", "status_date", "status_message", "programme_key", "apply_page", "related_faq"]:
        assert f'name="{field}"' in content, field


def test_translator_opens_the_translation_editor_of_a_programme(editor_client):
    french = programme("shelter-initiatives", "fr")
    response = editor_client.get(f"/{settings.ADMIN_PATH}/pages/{french.pk}/edit/")
    assert response.status_code == 200
    # wagtail-localize's editor, with the translated status message among the segments.
    assert "Shelters we already fund continue as agreed." in response.content.decode()


def test_editor_can_add_a_programme_under_the_index_only(editor_client):
    index = ProgrammeIndexPage.objects.get(locale__language_code="en")
    response = editor_client.get(f"/{settings.ADMIN_PATH}/pages/add/programmes/programmepage/{index.pk}/")
    assert response.status_code == 200
    home = index.get_parent()
    response = editor_client.get(f"/{settings.ADMIN_PATH}/pages/add/programmes/programmepage/{home.pk}/")
    # Wagtail's "permission denied": back to the dashboard, no form.
    assert response.status_code == 302
    assert response["Location"] == f"/{settings.ADMIN_PATH}/"
