"""Editors enter closing times in Brussels time, whatever time zone their own account uses."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail_localize.fields import SynchronizedField, TranslatableField

from vacancies.models import BrusselsDateTimeField, VacancyPage

from .helpers import english_index


def closing_field():
    return VacancyPage.get_edit_handler().get_form_class().base_fields["closing_at"]


@pytest.mark.parametrize("editor_zone", ["UTC", "Asia/Tokyo", "America/Bogota"])
def test_typed_closing_time_is_brussels_time(editor_zone):
    field = closing_field()
    assert isinstance(field, BrusselsDateTimeField)
    with timezone.override(editor_zone):
        assert field.clean("2031-07-01 17:00") == datetime(2031, 7, 1, 15, 0, tzinfo=UTC)
        assert field.clean("2031-01-15 17:00") == datetime(2031, 1, 15, 16, 0, tzinfo=UTC)
        assert field.prepare_value(datetime(2031, 7, 1, 15, 0, tzinfo=UTC)) == datetime(2031, 7, 1, 17, 0)


def test_a_time_that_does_not_exist_in_brussels_is_refused():
    # Clocks jump from 02:00 to 03:00 on the last Sunday of March.
    with pytest.raises(ValidationError):
        closing_field().clean("2031-03-30 02:30")


def test_the_edit_form_opens_and_says_brussels_time(admin_client, demo_site):
    vacancy = VacancyPage.objects.get(locale__language_code="en", slug="evaluation-consultancy")
    response = admin_client.get(f"/admin/pages/{vacancy.pk}/edit/")
    assert response.status_code == 200
    assert "In Brussels time" in response.content.decode()
    assert (
        admin_client.get(f"/admin/pages/add/vacancies/vacancypage/{english_index().pk}/").status_code == 200
    )


def test_translation_rules_are_explicit_for_every_field():
    rules = {field.field_name: type(field) for field in VacancyPage.override_translatable_fields}
    assert rules == {
        "title": TranslatableField,
        "seo_title": TranslatableField,
        "search_description": TranslatableField,
        "slug": SynchronizedField,
        "kind": SynchronizedField,
        "location": TranslatableField,
        "country": SynchronizedField,
        "remote_allowed": SynchronizedField,
        "applicant_location_requirements": TranslatableField,
        "contract": TranslatableField,
        "closing_at": SynchronizedField,
        "date_posted": SynchronizedField,
        "summary": TranslatableField,
        "body": TranslatableField,
        "how_to_apply": TranslatableField,
        "terms_of_reference": SynchronizedField,
    }
