from django.core.management.base import BaseCommand

from website.demo.loader import export_po_files


class Command(BaseCommand):
    help = "Write the demo content's PO files from the English pages, keeping existing translations."

    def add_arguments(self, parser):
        parser.add_argument("--app", help="Only the PO files of this app (e.g. news)")

    def handle(self, *args, **options):
        written = export_po_files(stdout=self.stdout, only_app=options["app"])
        self.stdout.write(self.style.SUCCESS(f"{len(written)} PO files written."))
