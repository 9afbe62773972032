from django.core.management.base import BaseCommand

from accounts.roles import apply_roles


class Command(BaseCommand):
    help = "Create the staff groups and give them their permissions again (idempotent)."

    def handle(self, *args, **options):
        apply_roles()
        self.stdout.write("Staff groups and permissions are up to date.")
