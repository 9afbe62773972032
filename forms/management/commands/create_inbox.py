from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from forms.inboxes import create_inbox
from forms.models import Inbox, InboxKind, MemberKey


class Command(BaseCommand):
    help = (
        "Create an inbox's key pair, give its key to the named members (they must have signed in once), "
        "and print the recovery key ONCE: write it down and keep it offline."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=InboxKind.values)
        parser.add_argument("--member", action="append", default=[], help="username of a member (repeatable)")

    def handle(self, *args, kind, member, **options):
        if Inbox.objects.filter(kind=kind).exists():
            raise CommandError(
                f"The {kind} inbox already exists; members with its key grant it in the admin."
            )
        users = list(get_user_model().objects.filter(username__in=member))
        if len(users) != len(set(member)):
            raise CommandError("Unknown username among: " + ", ".join(member))
        keys = list(MemberKey.objects.filter(user__in=users))
        if len(keys) != len(users):
            raise CommandError("Every member must sign in to the admin once first (that creates their key).")
        _inbox, recovery = create_inbox(kind, members=keys)
        self.stdout.write(
            f"The {kind} inbox is ready. Its recovery key (shown only now):\n\n    {recovery}\n"
        )
