"""Links in mail come from the deployment's one public address (PUBLIC_BASE_URL), never from the
Wagtail Site record (`localhost` in the demo) nor from the Host a client sent."""

import os
import subprocess
import sys

from django.conf import settings as django_settings
from wagtail.models import Site

from forms.models import Submission, SupportRequestFormPage
from forms.notifications import queue_acknowledgement
from outbox.testing import deliver_outbox

from .senders import as_a_person
from .test_submissions import MARKER, receipt_and_reference, support_data

PUBLIC = "https://protectdefenders.example"


def status_path(language):
    form_page = SupportRequestFormPage.objects.get(locale__language_code=language)
    return form_page.status_page.get_translation(form_page.locale).url


def test_the_acknowledgement_links_to_the_status_page_on_the_public_address(
    client, inboxes, smtp_server, settings
):
    settings.PUBLIC_BASE_URL = PUBLIC
    assert Site.objects.get(is_default_site=True).hostname == "localhost"  # what the old links used
    response = client.post(
        "/fr/request-support/",
        as_a_person("request-support", support_data()),
        HTTP_HOST="attacker.example",  # a Host header is the client's choice, never a link's
    )
    receipt_and_reference(response.content.decode())
    deliver_outbox()
    [ack] = [m for m in smtp_server.messages if m["To"] == f"{MARKER.lower()}@example.org"]
    text = ack.get_body(("plain",)).get_content()
    html = ack.get_body(("html",)).get_content()
    link = f"{PUBLIC}{status_path('fr')}"
    assert status_path("fr").startswith("/fr/")
    assert link in text and f'href="{link}"' in html
    assert "localhost" not in text + html and "attacker.example" not in text + html


def test_the_staff_notification_links_to_the_admin_on_the_public_address(
    client, inboxes, smtp_server, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://protectdefenders.example:8443"
    client.post("/en/request-support/", as_a_person("request-support", support_data()))
    deliver_outbox()
    [notice] = [m for m in smtp_server.messages if m["To"] == "support-member@example.org"]
    submission = Submission.objects.get()
    assert (
        f"https://protectdefenders.example:8443/admin/inboxes/support/{submission.pk}/"
        in notice.get_body(("plain",)).get_content()
    )


def test_a_released_request_still_gets_its_status_link(client, inboxes, settings, mailoutbox):
    """Releasing from quarantine queues the acknowledgement outside the form's request: same link."""
    settings.PUBLIC_BASE_URL = PUBLIC
    response = client.post("/es/request-support/", support_data())  # no time token: held
    reference, _receipt = receipt_and_reference(response.content.decode())
    submission = Submission.objects.get(reference=reference)
    assert submission.is_quarantined
    queue_acknowledgement(submission, "sender@example.org")
    deliver_outbox()
    [ack] = [m for m in mailoutbox if m.to == ["sender@example.org"]]
    assert f"{PUBLIC}{status_path('es')}" in ack.body


def settings_in(module, **environment):
    """PUBLIC_BASE_URL and WAGTAILADMIN_BASE_URL as a settings module computes them from this environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PUBLIC_BASE_URL", "WAGTAILADMIN_BASE_URL")
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": module,
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.org",
    } | environment
    code = "from django.conf import settings as s; print(s.PUBLIC_BASE_URL, s.WAGTAILADMIN_BASE_URL)"
    output = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return output.stdout.split()


def test_make_run_on_another_port_links_to_that_port():
    # The Makefile's run target passes PUBLIC_BASE_URL=http://127.0.0.1:$(PORT).
    assert settings_in("website.settings.dev", PUBLIC_BASE_URL="http://127.0.0.1:8123") == [
        "http://127.0.0.1:8123",
        "http://127.0.0.1:8123",
    ]
    makefile = (django_settings.BASE_DIR / "Makefile").read_text()
    assert "run: export PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)" in makefile


def test_production_takes_both_links_from_the_one_public_address():
    assert settings_in("website.settings.production", PUBLIC_BASE_URL="https://protectdefenders.eu/") == [
        "https://protectdefenders.eu",
        "https://protectdefenders.eu",
    ]
