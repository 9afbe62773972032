"""The W3C Nu checker finds no error on any newsletter page, in any state, in any language, nor in the
signup block, nor in the mail."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from tests.test_valid_html import validate

from .conftest import deliver, link_to, sign_up, signup_data
from .test_block_and_demo import render_body

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def test_every_newsletter_page_and_mail_is_valid_html(client, demo_site, smtp_server, tmp_path):
    pages = {}
    for language in LANGUAGES:
        address = f"valid-{language}@example.org"
        pages[f"{language}-errors"] = client.post(
            f"/{language}/subscription/", signup_data("x", consent=False)
        )
        pages[f"{language}-check-email"] = sign_up(client, address, page_language=language, language=language)
        deliver()
        message = next(m for m in smtp_server.messages if str(m["To"]) == address)
        pages[f"{language}-mail.html"] = message.get_body(("html",)).get_content().encode()
        confirm, unsubscribe = link_to(message, "confirm"), link_to(message, "unsubscribe")
        manage = unsubscribe.replace("/unsubscribe/", "/manage/")
        pages[f"{language}-confirm"] = client.get(confirm)
        pages[f"{language}-confirmed"] = client.post(confirm)
        pages[f"{language}-manage"] = client.get(manage)
        pages[f"{language}-manage-saved"] = client.post(manage, {"language": language, "topics": ["news"]})
        pages[f"{language}-unsubscribe"] = client.get(unsubscribe)
        pages[f"{language}-unsubscribed"] = client.post(unsubscribe)
        pages[f"{language}-manage-unsubscribed"] = client.get(manage)
        pages[f"{language}-no-longer"] = client.get(confirm)
        pages[f"{language}-invalid"] = client.get(f"/{language}/subscription/confirm/forged/")
        with time_machine.travel(timezone.now() + timedelta(days=8)):
            pages[f"{language}-expired"] = client.get(confirm)
        block = render_body(language, f"/{language}/")
        pages[f"{language}-block"] = (
            f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>Block</title></head>'
            f"<body><main>{block}</main></body></html>"
        ).encode()
    for name, page in pages.items():
        content = page if isinstance(page, bytes) else page.content
        assert isinstance(page, bytes) or page.status_code in (200, 400, 410), name
        (tmp_path / f"{name}.html").write_bytes(content)
    result = validate(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
