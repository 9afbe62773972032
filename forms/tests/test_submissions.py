"""Sending a request: it is sealed before it is written, lands in one inbox, and only members read it."""

import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from forms.models import Submission

from .conftest import make_user, signed_in

MARKER = "ZQMARKER7731"


def support_data(**overrides):
    data = {
        "requester": "defender",
        "name": f"name {MARKER}",
        "country": f"country {MARKER}",
        "programme": "relocation",
        "urgency": "urgent",
        "situation": f"situation {MARKER}",
        "safe_contact": f"contact {MARKER}",
        "email": f"{MARKER.lower()}@example.org",
        "wants_acknowledgement": "on",
    }
    data.update(overrides)
    return data


def send(client, path, data, files=()):
    payload = dict(data)
    if files:
        payload["files"] = list(files)
    return client.post(path, payload)


def receipt_and_reference(content):
    reference = re.search(
        r'<strong class="code" dir="ltr">([A-Z]{2}-[0-9A-Z]{4}-[0-9A-Z]{4})</strong>', content
    )
    receipt = re.search(r'id="receipt-code">([0-9A-Z-]{24})</strong>', content)
    return reference.group(1), receipt.group(1)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_support_request_shows_reference_and_receipt_without_echoing_content(client, inboxes, language):
    response = send(client, f"/{language}/request-support/", support_data())
    assert response.status_code == 200
    content = response.content.decode()
    reference, receipt = receipt_and_reference(content)
    assert reference.startswith("SR-")
    assert len(receipt.replace("-", "")) * 5 >= 90  # bits of the base-32 receipt code
    assert MARKER not in content
    assert response["Cache-Control"] == "no-store, private"
    submission = Submission.objects.get(reference=reference)
    assert submission.language == language
    assert submission.programme == "relocation" and submission.urgency == "urgent"


def test_arabic_and_english_submissions_share_one_inbox_and_the_same_keys(client, inboxes, support_member):
    send(client, "/en/request-support/", support_data())
    send(client, "/ar/request-support/", support_data())
    submissions = list(Submission.objects.order_by("language"))
    assert [s.language for s in submissions] == ["ar", "en"]
    assert {s.inbox_id for s in submissions} == {inboxes["support"].pk}
    assert submissions[0].form_translation_key == submissions[1].form_translation_key
    from forms import vault
    from forms.inboxes import inbox_private_key, open_answers
    from forms.models import MemberKey
    from forms.session_keys import member_private_key  # noqa: F401 - documented path for staff

    member_private = vault.unlock_member_key(
        MemberKey.objects.get(user=support_member), "a long member password for tests"
    )
    inbox_private = inbox_private_key(inboxes["support"], support_member, member_private)
    keys = [set(open_answers(s, inbox_private)["answers"]) for s in submissions]
    assert keys[0] == keys[1]
    assert {"requester", "country", "programme", "urgency", "situation", "safe_contact"} <= keys[0]


def test_programme_is_preselected_from_the_link(client, inboxes):
    content = client.get("/fr/request-support/?programme=shelter").content.decode()
    assert '<option value="shelter" selected>' in content
    content = client.get("/fr/request-support/?programme=<script>").content.decode()
    assert "<script>" not in content.split("<main", 1)[1].split("</main>", 1)[0]


def test_errors_are_summarised_linked_and_keep_what_was_typed(client, inboxes):
    response = send(
        client, "/ar/request-support/", support_data(country="", urgency="", situation=f"kept {MARKER}")
    )
    content = response.content.decode()
    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary".*?</div>', content, re.S).group(0)
    assert 'href="#id_country"' in summary
    assert 'href="#id_urgency_0"' in summary
    assert f"kept {MARKER}" in content  # everything typed is kept
    assert 'aria-invalid="true"' in content
    assert '<html lang="ar" dir="rtl">' in content
    assert not Submission.objects.exists()


def text_file(name="evidence.txt", content=None):
    content = f"evidence {MARKER}".encode() if content is None else content
    return SimpleUploadedFile(name, content, content_type="text/plain")


def jpeg_with_exif(marker):
    image = Image.new("RGB", (32, 32), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010E] = marker  # ImageDescription
    exif[0x013B] = marker  # Artist
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def all_database_text():
    """Every value of every table, as text and as bytes: what a dump of the database would hold."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        found.append(bytes(value).decode("latin-1"))
                    elif value is not None:
                        found.append(str(value))
    return "\n".join(found)


def files_containing(root, marker):
    hits = []
    for path in Path(root).rglob("*"):
        if path.is_file():
            try:
                if marker.encode() in path.read_bytes():
                    hits.append(str(path))
            except OSError:
                continue
    return hits


def assert_marker_nowhere_at_rest(marker, tmp_before):
    """The raw database, media, private storage and temporary files made since `tmp_before` hold no trace."""
    assert marker not in all_database_text()
    assert marker.lower() not in all_database_text()
    assert files_containing(settings.PRIVATE_ROOT, marker) == []
    assert files_containing(settings.MEDIA_ROOT, marker) == []
    new_tmp = set(os.listdir(tempfile.gettempdir())) - tmp_before
    assert [name for name in new_tmp if files_containing(Path(tempfile.gettempdir()) / name, marker)] == []


def test_marker_is_nowhere_at_rest_and_only_a_member_reads_it(client, inboxes, support_member):
    before_tmp = set(os.listdir(tempfile.gettempdir()))
    response = send(
        client,
        "/en/request-support/",
        support_data(),
        files=[
            text_file(),
            SimpleUploadedFile("photo.jpg", jpeg_with_exif(MARKER), content_type="image/jpeg"),
        ],
    )
    reference, _receipt = receipt_and_reference(response.content.decode())
    submission = Submission.objects.get(reference=reference)
    assert submission.files.count() == 2

    assert_marker_nowhere_at_rest(MARKER, before_tmp)

    member = signed_in(support_member)
    page = member.get(f"/{settings.ADMIN_PATH}/inboxes/support/{submission.pk}/").content.decode()
    assert f"situation {MARKER}" in page
    links = re.findall(rf'href="(/{settings.ADMIN_PATH}/inboxes/support/{submission.pk}/files/[^"]+)"', page)
    downloads = [member.get(link).content for link in links]
    assert f"evidence {MARKER}".encode() in downloads
    photo = next(data for data in downloads if data.startswith(b"\xff\xd8"))
    assert MARKER.encode() not in photo  # EXIF stripped before sealing
    assert Image.open(io.BytesIO(photo)).size == (32, 32)


def test_superuser_who_is_not_a_member_sees_metadata_but_never_content(client, inboxes):
    response = send(client, "/en/request-support/", support_data())
    reference, _receipt = receipt_and_reference(response.content.decode())
    submission = Submission.objects.get(reference=reference)
    admin = signed_in(make_user("superuser", superuser=True))
    listing = admin.get(f"/{settings.ADMIN_PATH}/inboxes/support/").content.decode()
    assert reference in listing
    page = admin.get(f"/{settings.ADMIN_PATH}/inboxes/support/{submission.pk}/").content.decode()
    assert reference in page
    assert MARKER not in page
    export = admin.get(f"/{settings.ADMIN_PATH}/inboxes/support/export.csv", follow=True)
    assert export.get("Content-Type", "").startswith("text/html")  # refused: back to the dashboard, no CSV
    assert MARKER not in export.content.decode()


def test_member_of_another_inbox_cannot_open_it(client, inboxes, complaints_member):
    response = send(client, "/en/request-support/", support_data())
    reference, _receipt = receipt_and_reference(response.content.decode())
    submission = Submission.objects.get(reference=reference)
    other = signed_in(complaints_member)
    for path in ["inboxes/support/", f"inboxes/support/{submission.pk}/", "inboxes/support/export.csv"]:
        response = other.get(f"/{settings.ADMIN_PATH}/{path}")
        assert response.status_code == 302 and response["Location"] == f"/{settings.ADMIN_PATH}/"  # refused
        assert reference not in other.get(f"/{settings.ADMIN_PATH}/{path}", follow=True).content.decode()


def test_refused_files_say_why_and_nothing_is_stored(client, inboxes):
    fake_pdf = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf")
    response = send(client, "/en/request-support/", support_data(), files=[fake_pdf])
    content = response.content.decode()
    assert "report.pdf is not a file type we accept" in content
    assert not Submission.objects.exists()


def test_more_than_five_files_are_refused(client, inboxes):
    files = [text_file(f"f{i}.txt") for i in range(6)]
    content = send(client, "/en/request-support/", support_data(), files=files).content.decode()
    assert 'class="field-error"' in content
    assert not Submission.objects.exists()


def test_oversize_file_is_refused_without_touching_disk(client, inboxes, settings):
    settings.UPLOAD_MAX_FILE_SIZE = 1024
    big = SimpleUploadedFile("big.txt", b"a" * 4096, content_type="text/plain")
    content = send(client, "/en/request-support/", support_data(), files=[big]).content.decode()
    assert "big.txt" in content
    assert not Submission.objects.exists()


def test_complaint_and_feedback_forms_accept_messages(client, inboxes):
    complaint = send(
        client,
        "/ar/complaint/",
        {"complaint": f"complaint {MARKER}", "wants_reply": "on", "reply_how": "Signal"},
        files=[text_file()],
    )
    reference, _ = receipt_and_reference(complaint.content.decode())
    submission = Submission.objects.get(reference=reference)
    assert reference.startswith("CO-")
    assert submission.full_response_due - submission.created_at == __import__("datetime").timedelta(days=30)
    assert submission.first_response_due - submission.created_at == __import__("datetime").timedelta(days=15)
    feedback = send(client, "/en/feedback/", {"sentiment": "positive", "feedback": "Thank you"})
    assert receipt_and_reference(feedback.content.decode())[0].startswith("FB-")


def test_complaint_asking_for_a_reply_needs_a_way_to_reply(client, inboxes):
    content = send(client, "/en/complaint/", {"complaint": "x", "wants_reply": "on"}).content.decode()
    assert 'href="#id_reply_how"' in content


def test_refused_post_explains_in_the_readers_language_and_stores_nothing(inboxes):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/ar/request-support/", support_data())
    assert response.status_code == 403
    content = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in content
    assert "CSRF" not in content
    assert not Submission.objects.exists()


def test_a_damaged_image_is_refused_with_a_reason_not_a_server_error(client, inboxes):
    broken_png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
    upload = SimpleUploadedFile("photo.png", broken_png, content_type="image/png")
    response = send(client, "/en/complaint/", {"complaint": f"complaint {MARKER}"}, files=[upload])
    assert response.status_code == 200
    assert "photo.png" in response.content.decode()  # the refusal names the file
    assert not Submission.objects.exists()
