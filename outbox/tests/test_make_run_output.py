"""What `make run` shows a newcomer: one worker, one line per mail, each mail a file they can open."""

import email
import email.policy
import logging

import pytest
from django.core.management import load_command_class

from outbox.mail import queue_mail
from outbox.testing import deliver_outbox

from .test_outbox import queue_test_mail

pytestmark = pytest.mark.django_db


def test_mail_in_development_is_a_file_in_sent_mail_with_one_console_line(settings, tmp_path, caplog):
    settings.EMAIL_BACKEND = "outbox.dev_mail.MailFolderBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "sent-mail"
    queue_test_mail(to="defender@example.org", subject="Reference SR-ABCD-EFGH")
    queue_test_mail(to="member@example.org", subject="New support request SR-ABCD-EFGH")
    with caplog.at_level(logging.INFO, logger="outbox.dev_mail"):
        deliver_outbox()

    files = sorted((tmp_path / "sent-mail").glob("*.eml"))
    assert len(files) == 2
    messages = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
    assert {m["To"] for m in messages} == {"defender@example.org", "member@example.org"}
    assert {m["Subject"] for m in messages} == {"Reference SR-ABCD-EFGH", "New support request SR-ABCD-EFGH"}
    assert "We received your request." in messages[0].get_body(("plain",)).get_content()

    lines = [r.getMessage() for r in caplog.records if r.name == "outbox.dev_mail"]
    assert len(lines) == 2
    for line in lines:
        assert "@example.org" in line and "SR-ABCD-EFGH" in line
    assert {line.rsplit(" · ", 1)[1] for line in lines} == {str(f) for f in files}


def test_a_mail_sent_and_a_failed_attempt_each_log_one_line_without_address_or_content(smtp_server, caplog):
    smtp_server.stop()
    failing = queue_test_mail()
    with caplog.at_level(logging.INFO, logger="outbox.mail"):
        deliver_outbox()
    smtp_server.start()
    sent = queue_mail(to="other@example.org", subject="Hello", text="Private words", purpose="test")
    with caplog.at_level(logging.INFO, logger="outbox.mail"):
        deliver_outbox()

    lines = [r.getMessage() for r in caplog.records if r.name == "outbox.mail"]
    assert lines == [
        f"outbox: test mail {failing.pk} not sent (ConnectionRefusedError), attempt 1; "
        + lines[0].rsplit("; ", 1)[1],
        f"outbox: test mail {sent.pk} sent",
    ]
    assert lines[0].rsplit("; ", 1)[1].startswith("next attempt at ")
    assert not any("@" in line or "Private" in line or "received" in line for line in lines)


def test_db_worker_runs_without_the_autoreloader_even_under_debug(settings):
    # Upstream's default is DEBUG: a second worker process under the autoreloader.
    settings.DEBUG = True
    command = load_command_class("outbox", "db_worker")
    options = command.create_parser("manage.py", "db_worker").parse_args(
        ["--backend", settings.OUTBOX_TASK_BACKEND]
    )
    assert options.reload is False


def test_the_worker_logs_no_line_per_task_but_keeps_failures(smtp_server, caplog):
    from django_tasks_db.management.commands import db_worker

    command = load_command_class("outbox", "db_worker")
    tasks_logger = logging.getLogger(db_worker.TASKS_LOGGER)
    saved = tasks_logger.level, db_worker.logger.level
    try:
        command.configure_logging(1)  # what `make run` gets
        queue_test_mail()
        deliver_outbox()
        assert len(smtp_server.messages) == 1
        assert not [r for r in caplog.records if r.name == db_worker.TASKS_LOGGER]
        assert tasks_logger.isEnabledFor(logging.ERROR)  # a failed task is still logged, traceback and all

        command.configure_logging(2)  # asked for: every task
        queue_test_mail()
        deliver_outbox()
        assert any("SUCCESSFUL" in r.getMessage() for r in caplog.records if r.name == db_worker.TASKS_LOGGER)
    finally:
        tasks_logger.setLevel(saved[0])
        db_worker.logger.setLevel(saved[1])
