import getpass

from django.core.management.base import BaseCommand, CommandError

from forms import vault
from forms.inboxes import NoAccess, open_with_recovery_key, rotate_inbox_key
from forms.models import Inbox, InboxKind


class Command(BaseCommand):
    help = (
        "Make a new key for an inbox, opened with its current recovery key (asked for, never echoed). "
        "Members who hold the current key get the new one; the new recovery key is printed ONCE: "
        "write it down, keep it offline and destroy the old one. Members usually do this from the inbox page."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=InboxKind.values)

    def handle(self, *args, kind, **options):
        inbox = Inbox.objects.filter(kind=kind).first()
        if inbox is None:
            raise CommandError(f"There is no {kind} inbox; create_inbox makes one.")
        try:
            keys = open_with_recovery_key(inbox, getpass.getpass("Current recovery key: "))
            recovery = rotate_inbox_key(inbox, keys)
        except (vault.VaultError, NoAccess) as error:
            raise CommandError("That recovery key does not open this inbox's current key.") from error
        inbox.refresh_from_db()
        holders = ", ".join(
            sorted(
                grant.user.get_username() for grant in inbox.grants.exclude(user=None).select_related("user")
            )
        )
        self.stdout.write(
            f"The {kind} inbox has a new key, {inbox.key_fingerprint}, held by: {holders or 'no member'}.\n"
            f"Its new recovery key (shown only now):\n\n    {recovery}\n"
        )
