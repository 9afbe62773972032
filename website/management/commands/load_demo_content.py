from django.core.management.base import BaseCommand

from website.demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Create the demo site in every language (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        changes = DemoLoader(stdout=self.stdout).load()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({changes} changes)."))
