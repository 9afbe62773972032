"""Passwords: at least 12 characters, not a common one; no composition rules, no forced rotation."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.testing import login_with_second_factor

from .conftest import ADMIN, PASSWORD


@pytest.mark.parametrize("password", ["short pass!", "abcdefghijk", "password1234", "qwertyqwerty"])
def test_short_or_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password", ["correct horse battery", "tortue lente au soleil", "ЖЖЖ лиса бежит ночью"]
)
def test_long_passphrases_need_no_digits_capitals_or_symbols(password):
    validate_password(password)


def test_the_account_page_refuses_a_short_new_password(editor):
    client = login_with_second_factor(Client(), editor, password=PASSWORD)
    response = client.post(
        f"{ADMIN}/account/",
        {
            "password-old_password": PASSWORD,
            "password-new_password1": "Sh0rt!pass",
            "password-new_password2": "Sh0rt!pass",
        },
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_an_old_password_still_works_years_later(editor):
    with time_machine.travel(timezone.now() + timedelta(days=3 * 365), tick=False):
        client = login_with_second_factor(Client(), editor, password=PASSWORD)
        assert client.get(f"{ADMIN}/").status_code == 200
