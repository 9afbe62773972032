import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from forms import vault
from forms.inboxes import recover_access
from forms.models import Inbox, InboxKind, MemberKey


class Command(BaseCommand):
    help = "Give an inbox's key to a member again with the recovery key (asked for, never echoed)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=InboxKind.values)
        parser.add_argument("username")

    def handle(self, *args, kind, username, **options):
        inbox = Inbox.objects.filter(kind=kind).first()
        member_key = MemberKey.objects.filter(user__username=username).first()
        if (
            inbox is None
            or member_key is None
            or not get_user_model().objects.filter(username=username).exists()
        ):
            raise CommandError("Unknown inbox, or the member has not signed in since their key was lost.")
        try:
            recover_access(inbox, getpass.getpass("Recovery key: "), member_key)
        except vault.VaultError as error:
            raise CommandError("That recovery key does not open this inbox.") from error
        self.stdout.write(f"{username} holds the {kind} inbox key again.")
