"""Property-based: thousands of malformed or hostile posts to every form never cause a server error,
and nothing stored from them can run as HTML in the admin."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.models import Submission
from website.antispam import HONEYPOT_FIELD, TIME_TOKEN_FIELD

from .senders import as_a_person

# Examples per test; four tests: 10,000 hostile requests in all.
EXAMPLES = int(__import__("os").environ.get("HOSTILE_EXAMPLES", "2500"))

FIELDS = {
    "request-support": [
        "requester",
        "name",
        "country",
        "programme",
        "urgency",
        "situation",
        "safe_contact",
        "email",
        "wants_acknowledgement",
        "files",
    ],
    "complaint": [
        "concerned",
        "interaction_date",
        "complaint",
        "evidence",
        "wants_reply",
        "reply_how",
        "email",
    ],
    "feedback": ["sentiment", "feedback", "contact"],
}
SPAM_FIELDS = [TIME_TOKEN_FIELD, HONEYPOT_FIELD, "g-recaptcha-response", "csrfmiddlewaretoken"]

hostile_text = st.one_of(
    # Any text a browser can send (UTF-8 has no lone surrogates; invalid bytes go in the raw-body test).
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Co"]), max_size=50),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "javascript:alert(1)",
            '=HYPERLINK("http://evil.example")',
            "\x00",
            "' OR 1=1 --",
            "{{ 7*7 }}{% debug %}",
            "../../../../etc/passwd",
            "\u202etxt.exe",
            "A" * 20_000,
        ]
    ),
    st.integers().map(str),
    st.binary(max_size=100).map(lambda raw: raw.decode("latin-1")),
)
hostile_file = st.builds(
    lambda name, content, content_type: SimpleUploadedFile(name, content, content_type=content_type),
    # A browser always sends some file name; the test client cannot send an empty one.
    st.one_of(
        st.text(
            alphabet=st.characters(codec="utf-8", exclude_characters="/\\\x00"), min_size=1, max_size=60
        ).filter(
            lambda name: (
                name.strip(".") != ""
            )  # Django's test client refuses "." and "..", as browsers never send them
        ),
        st.sampled_from(["evil.php", "x.pdf", "..png", "a.jpg.exe", "x" * 300 + ".png"]),
    ),
    st.one_of(
        st.binary(max_size=2000),
        st.sampled_from(
            [b"%PDF-1.4 <script>", b"\x89PNG\r\n\x1a\nnot really", b"\xff\xd8\xff\xe0garbage", b"MZ\x90\x00"]
        ),
    ),
    st.sampled_from(
        ["image/png", "application/pdf", "text/html", "application/x-msdownload", "", "image/jpeg"]
    ),
)


def form_data(slug):
    names = FIELDS[slug] + SPAM_FIELDS + ["unexpected", "a" * 300]
    value = st.one_of(
        hostile_text, st.lists(hostile_text, max_size=3), hostile_file, st.lists(hostile_file, max_size=7)
    )
    return st.dictionaries(st.sampled_from(names), value, max_size=len(names))


def post(client, slug, data, language):
    response = client.post(f"/{language}/{slug}/", data)
    assert response.status_code < 500, response.status_code
    return response


languages = st.sampled_from(["en", "fr", "es", "ru", "ar", "fa", "pt"])
common = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


@pytest.fixture
def quiet_rate_limit():
    cache.clear()


@pytest.mark.parametrize("slug", list(FIELDS))
def test_hostile_posts_to_each_form_never_cause_a_server_error(inboxes, quiet_rate_limit, slug):
    client = Client()

    @common
    @given(data=form_data(slug), language=languages, as_person=st.booleans())
    def check(data, language, as_person):
        post(client, slug, as_a_person(slug, data) if as_person else data, language)

    check()


def test_hostile_receipt_codes_and_raw_bodies_never_cause_a_server_error(inboxes, quiet_rate_limit):
    client = Client()

    @common
    @given(
        code=hostile_text,
        raw=st.binary(max_size=3000),
        content_type=st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz",
                "multipart/form-data",
                "text/plain",
            ]
        ),
        language=languages,
        slug=st.sampled_from(["status", "request-support", "complaint", "feedback"]),
    )
    def check(code, raw, content_type, language, slug):
        response = client.post(f"/{language}/status/", {"receipt_code": code})
        assert response.status_code < 500
        response = client.generic("POST", f"/{language}/{slug}/", raw, content_type=content_type)
        assert response.status_code < 500

    check()
    assert not Submission.objects.filter(reference__contains="<").exists()


def test_script_written_into_a_request_is_shown_as_text_in_the_admin(client, inboxes, support_member):
    from .conftest import signed_in
    from .test_submissions import receipt_and_reference, support_data

    cache.clear()
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = client.post(
        "/en/request-support/", as_a_person("request-support", support_data(name=payload, situation=payload))
    )
    reference, _receipt = receipt_and_reference(response.content.decode())
    submission = Submission.objects.get(reference=reference)
    admin = signed_in(support_member)
    html = admin.get(f"/admin/inboxes/support/{submission.pk}/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
