"""Subscribers in the admin: only the Newsletter permission opens them; filters, export, import, counts."""

import csv
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Subscriber, SubscriberStatus, source_topics
from outbox.models import OutgoingMail

from .conftest import deliver, link_to, path_of

pytestmark = pytest.mark.django_db
ADMIN = f"/{settings.ADMIN_PATH}"
LIST = "wagtailsnippets_newsletter_subscriber:list"


def add(email, status=SubscriberStatus.SUBSCRIBED, language="en", topics=(), **fields):
    record = Subscriber.objects.create(
        email=email,
        email_key=email.lower(),
        language=language,
        status=status,
        consent_text_version="2026-11-1",
        consent_language=language,
        consented_at=timezone.now() - timedelta(days=3),
        confirmed_at=timezone.now() - timedelta(days=3) if status == SubscriberStatus.SUBSCRIBED else None,
        **fields,
    )
    record.topics.set(source_topics().filter(key__in=topics))
    return record


def exported_rows(client, query=""):
    response = client.get(reverse(LIST) + "?export=csv" + query)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="newsletter-subscribers.csv"'
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_only_the_newsletter_permission_opens_the_addresses(client, demo_site, editor, newsletter_staff):
    add("someone@example.org")
    urls = [
        reverse(LIST),
        reverse(LIST) + "?export=csv",
        reverse("wagtailsnippets_newsletter_subscriber:counts"),
    ]
    urls.append(reverse("wagtailsnippets_newsletter_subscriber:import"))
    for url in urls:
        assert editor.get(url).status_code in (302, 403), url
        assert newsletter_staff.get(url).status_code == 200, url
    assert "someone@example.org" not in editor.get(f"{ADMIN}/snippets/").content.decode()
    # Topics are content: editors manage them.
    assert editor.get(reverse("wagtailsnippets_newsletter_topic:list")).status_code == 200


def test_nobody_adds_an_address_by_hand(newsletter_staff):
    listing = newsletter_staff.get(reverse(LIST)).content.decode()
    add_url = reverse("wagtailsnippets_newsletter_subscriber:add")
    assert f'href="{add_url}"' not in listing
    assert newsletter_staff.get(add_url).status_code in (302, 403)


def test_the_list_filters_by_language_topic_and_status(newsletter_staff):
    add("english@example.org", language="en", topics=["news"])
    add("arabic@example.org", language="ar", topics=["vacancies"])
    add("waiting@example.org", status=SubscriberStatus.PENDING, language="ar")

    def listed(query):
        content = newsletter_staff.get(reverse(LIST) + query).content.decode()
        return {email for email in ["english", "arabic", "waiting"] if f"{email}@example.org" in content}

    assert listed("") == {"english", "arabic", "waiting"}
    assert listed("?language=ar") == {"arabic", "waiting"}
    assert listed("?status=subscribed") == {"english", "arabic"}
    topic = source_topics().get(key="vacancies")
    assert listed(f"?topics={topic.pk}") == {"arabic"}
    assert listed("?q=ENGLISH") == {"english"}


def test_the_export_is_the_mailing_list_formula_safe_with_working_links(client, newsletter_staff):
    add("=HYPERLINK(1)@example.org", language="fa", topics=["news", "programmes"])
    add("waiting@example.org", status=SubscriberStatus.PENDING)
    add("gone@example.org", status=SubscriberStatus.UNSUBSCRIBED)
    [row] = exported_rows(newsletter_staff)
    assert list(row) == [
        "email",
        "language",
        "topics",
        "subscribed_at",
        "consent_text_version",
        "consent_language",
        "unsubscribe_url",
        "manage_url",
    ]
    assert row["email"] == "'=HYPERLINK(1)@example.org"  # never run as a formula
    assert row["language"] == "fa"
    assert row["topics"] == "news programmes"
    assert row["consent_text_version"] == "2026-11-1"
    assert (
        row["unsubscribe_url"].startswith("http")
        and "/fa/subscription/unsubscribe/" in row["unsubscribe_url"]
    )
    # The link in the export unsubscribes with one click.
    assert client.post(path_of(row["unsubscribe_url"]), {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Subscriber.objects.get(language="fa").status == SubscriberStatus.UNSUBSCRIBED
    # A status filter cannot put an unconfirmed address in the mailing list.
    assert exported_rows(newsletter_staff, "&status=pending") == []


IMPORT_CSV = """email,language,topics,consented_at,consent_text_version,source
new@example.org,ar,news;vacancies,2024-03-31T09:30:00Z,mailchimp-v2,Mailchimp 2024
kept@example.org,fr,,2023-01-01,old-version,
left@example.org,en,,2023-01-01,,
waiting@example.org,es,unknown-topic programmes,2024-01-01,,
not an address,en,,2024-01-01,,
nodate@example.org,en,,,,
future@example.org,en,,2999-01-01,,
new@example.org,en,,2024-01-01,,
klingon@example.org,tlh,,2024-01-01,,
"""


def test_import_keeps_consent_records_and_never_resubscribes_who_left(newsletter_staff):
    kept = add("kept@example.org", language="en")
    kept_consent = (kept.consent_text_version, kept.consented_at)
    add("left@example.org", status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    add("waiting@example.org", status=SubscriberStatus.PENDING)
    upload = SimpleUploadedFile("list.csv", IMPORT_CSV.encode(), content_type="text/csv")
    response = newsletter_staff.post(
        reverse("wagtailsnippets_newsletter_subscriber:import"),
        {"file": upload, "source": "Old mailing tool", "confirmed_elsewhere": "on"},
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.imported, report.already_subscribed, report.unsubscribed_here) == (2, 1, 1)
    assert [line for line, _problem in report.problems] == [5, 6, 7, 8, 9, 10]
    assert "not an address" not in response.content.decode()  # problems name lines, not addresses

    new = Subscriber.objects.get(email_key="new@example.org")
    assert new.status == SubscriberStatus.SUBSCRIBED
    assert new.language == "ar"
    assert new.consent_text_version == "mailchimp-v2"
    assert new.consented_at.isoformat() == "2024-03-31T09:30:00+00:00"
    assert new.source == "Mailchimp 2024"
    assert sorted(topic.key for topic in new.topics.all()) == ["news", "vacancies"]
    waiting = Subscriber.objects.get(email_key="waiting@example.org")
    assert waiting.status == SubscriberStatus.SUBSCRIBED
    assert waiting.source == "Old mailing tool"
    assert [topic.key for topic in waiting.topics.all()] == ["programmes"]
    kept.refresh_from_db()
    assert (kept.consent_text_version, kept.consented_at, kept.language) == (*kept_consent, "en")
    assert Subscriber.objects.get(email_key="left@example.org").status == SubscriberStatus.UNSUBSCRIBED
    assert not Subscriber.objects.filter(email_key__in=["nodate@example.org", "future@example.org"]).exists()
    assert not OutgoingMail.objects.exists()  # confirmed elsewhere: no confirmation mail


def test_an_unreadable_file_imports_nothing_and_says_why(newsletter_staff):
    for content, message in [
        ("\xff\xfe".encode("latin-1") + b"email", "UTF-8"),
        (b"address,date\nx@example.org,2024-01-01\n", "email"),
    ]:
        upload = SimpleUploadedFile("list.csv", content, content_type="text/csv")
        response = newsletter_staff.post(
            reverse("wagtailsnippets_newsletter_subscriber:import"),
            {"file": upload, "source": "x", "confirmed_elsewhere": "on"},
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not Subscriber.objects.exists()


def test_counts_per_language(newsletter_staff):
    add("a@example.org", language="ar", topics=["news"])
    add("b@example.org", language="ar")
    add("c@example.org", language="fr", topics=["news"])
    add("d@example.org", language="ar", status=SubscriberStatus.PENDING)
    response = newsletter_staff.get(reverse("wagtailsnippets_newsletter_subscriber:counts"))
    rows = {row["code"]: row for row in response.context["rows"]}
    statuses = [status for status, _label in response.context["statuses"]]
    subscribed = statuses.index(SubscriberStatus.SUBSCRIBED)
    assert rows["ar"]["cells"][subscribed] == 2
    assert rows["ar"]["total"] == 3
    assert rows["fr"]["cells"][subscribed] == 1
    assert response.context["grand_total"] == 4
    assert {topic.key: topic.n for topic in response.context["topics"]}["news"] == 2


def test_staff_release_a_held_signup_which_sends_its_confirmation(client, newsletter_staff, smtp_server):
    held = add("held@example.org", status=SubscriberStatus.QUARANTINED, quarantine_reasons="honeypot")
    listing = newsletter_staff.get(reverse(LIST)).content.decode()
    release_url = reverse("wagtailsnippets_newsletter_subscriber:release", args=[held.pk])
    assert release_url in listing
    asked = newsletter_staff.get(release_url)
    assert asked.status_code == 200
    assert "A field hidden from people was filled in" in asked.content.decode()  # the reason, in words
    assert newsletter_staff.post(release_url).status_code == 302
    deliver()
    [message] = smtp_server.messages
    held.refresh_from_db()
    assert held.status == SubscriberStatus.PENDING
    client.post(link_to(message, "confirm"))
    held.refresh_from_db()
    assert held.status == SubscriberStatus.SUBSCRIBED
    # Released once: a second release the same day sends nothing.
    held.status = SubscriberStatus.QUARANTINED
    held.save()
    newsletter_staff.post(release_url)
    deliver()
    assert len(smtp_server.messages) == 1


def test_staff_can_change_language_and_topics_and_see_the_consent_record(newsletter_staff):
    record = add("reader@example.org", topics=["news"])
    record.record("confirmed", timezone.now(), version="2026-11-1")
    record.save()
    inspect = newsletter_staff.get(reverse("wagtailsnippets_newsletter_subscriber:inspect", args=[record.pk]))
    assert inspect.status_code == 200
    assert "2026-11-1" in inspect.content.decode()
    edit_url = reverse("wagtailsnippets_newsletter_subscriber:edit", args=[record.pk])
    vacancies = source_topics().get(key="vacancies")
    response = newsletter_staff.post(edit_url, {"language": "pt", "topics": [vacancies.pk]})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.language == "pt"
    assert [topic.key for topic in record.topics.all()] == ["vacancies"]
    assert record.status == SubscriberStatus.SUBSCRIBED
