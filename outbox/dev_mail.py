"""Development mail: each message sent is written to a folder as a .eml file, with one short line on
the console (to, subject, file), so that the mails of a demo are easy to find and open in a mail
program. Never used outside `make run` (website.settings.dev); production sends through SMTP.
"""

import logging
import re
import threading
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

logger = logging.getLogger(__name__)


class MailFolderBackend(BaseEmailBackend):
    """Writes every message to EMAIL_FILE_PATH/<time>-<n>-<subject>.eml and logs where it went."""

    _lock = threading.Lock()
    _count = 0

    def __init__(self, *, file_path=None, **kwargs):
        super().__init__(**kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages):
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            path = self.write(message)
            logger.info(
                "mail to %s · %s · %s", ", ".join(message.recipients()), message.subject, self.display(path)
            )
            sent += 1
        return sent

    def write(self, message):
        content = message.message().as_bytes(linesep="\r\n")
        with self._lock:
            MailFolderBackend._count += 1
            number = MailFolderBackend._count
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        # The subject in the name, reduced to safe characters, so the folder reads like an inbox.
        words = re.sub(r"[^A-Za-z0-9]+", "-", message.subject).strip("-")[:40] or "mail"
        while True:
            path = self.folder / f"{stamp}-{number:03d}-{words}.eml"
            try:
                # "x": never overwrite a mail another process (the web server, a second worker) wrote.
                with path.open("xb") as file:
                    file.write(content)
                return path
            except FileExistsError:
                number += 1000

    def display(self, path):
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
