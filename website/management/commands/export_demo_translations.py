from django.core.management.base import BaseCommand

from website.demo.loader import export_po_files


class Command(BaseCommand):
    help = "Write the demo PO files (website/demo/locale/) from the English pages, keeping translations."

    def handle(self, *args, **options):
        written = export_po_files(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"{len(written)} PO files written."))
