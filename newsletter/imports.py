"""Importing a list of addresses that confirmed their subscription elsewhere, with their consent record.

An address that unsubscribed here is never added back by an import; one already subscribed keeps its
own record. Each imported address is subscribed with the consent date, text version and source from
the file (or the form), and the import itself is in its history.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .models import Subscriber, SubscriberStatus, source_topics
from .subscriptions import normalise_email

MAX_ROWS = 100_000
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
TOPIC_SEPARATORS = re.compile(r"[\s,;|]+")


class ImportRefused(Exception):
    """The file as a whole cannot be read; nothing was imported."""


@dataclass
class ImportReport:
    imported: int = 0
    already_subscribed: int = 0
    unsubscribed_here: int = 0
    problems: list = field(default_factory=list)  # (line number, message): never the address itself

    def problem(self, line, message):
        self.problems.append((line, message))


def read_rows(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if reader.fieldnames is None:
        raise ImportRefused(_("The file is empty."))
    reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames]
    for required in ("email", "consented_at"):
        if required not in reader.fieldnames:
            raise ImportRefused(_("The file has no “%(column)s” column.") % {"column": required})
    return reader


def parse_consent_time(value):
    value = value.strip()
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        moment = datetime(day.year, day.month, day.day)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def import_subscribers(data, *, source, user=None):
    """Import the CSV bytes `data`. Returns an ImportReport; raises ImportRefused for an unreadable file."""
    reader = read_rows(data)
    topics = {topic.key: topic for topic in source_topics()}
    report = ImportReport()
    now = timezone.now()
    seen = set()
    with transaction.atomic():
        for row in reader:
            line = reader.line_num
            if len(seen) >= MAX_ROWS:
                raise ImportRefused(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
            row = {key: (value or "").strip() for key, value in row.items() if isinstance(key, str)}
            try:
                validate_email(row.get("email", ""))
            except ValidationError:
                report.problem(line, _("not a valid email address"))
                continue
            email, email_key = normalise_email(row["email"])
            if email_key in seen:
                report.problem(line, _("the same address is on an earlier line"))
                continue
            seen.add(email_key)
            language = row.get("language", "").lower() or settings.LANGUAGE_CODE
            if language not in LANGUAGE_CODES:
                report.problem(line, _("unknown language “%(code)s”") % {"code": language[:20]})
                continue
            try:
                consented_at = parse_consent_time(row.get("consented_at", ""))
            except (ValueError, OverflowError):
                report.problem(line, _("no consent date, or not a date: without it we cannot prove consent"))
                continue
            if consented_at > now:
                report.problem(line, _("the consent date is in the future"))
                continue
            keys = [key for key in TOPIC_SEPARATORS.split(row.get("topics", "")) if key]
            unknown = [key for key in keys if key not in topics]
            if unknown:
                report.problem(
                    line, _("unknown topics left out: %(keys)s") % {"keys": ", ".join(unknown)[:200]}
                )
            subscriber = Subscriber.objects.select_for_update().filter(email_key=email_key).first()
            if subscriber is not None and subscriber.status == SubscriberStatus.SUBSCRIBED:
                report.already_subscribed += 1
                continue
            if subscriber is not None and subscriber.status == SubscriberStatus.UNSUBSCRIBED:
                report.unsubscribed_here += 1
                continue
            if subscriber is None:
                subscriber = Subscriber(email_key=email_key)
            version = row.get("consent_text_version", "")[:40] or "imported"
            row_source = (row.get("source", "") or source)[:200]
            subscriber.email = email
            subscriber.language = language
            subscriber.status = SubscriberStatus.SUBSCRIBED
            subscriber.quarantine_reasons = ""
            subscriber.consent_text_version = version
            subscriber.consent_language = ""
            subscriber.consented_at = consented_at
            subscriber.confirmed_at = consented_at
            subscriber.unsubscribed_at = None
            subscriber.source = row_source
            subscriber.record(
                "imported",
                now,
                version=version,
                consented_at=consented_at.isoformat(),
                source=row_source,
                by=getattr(user, "username", ""),
            )
            subscriber.save()
            subscriber.topics.set([topics[key] for key in keys if key in topics])
            report.imported += 1
    return report
