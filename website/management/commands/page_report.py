import gzip

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page


class Command(BaseCommand):
    help = "Print SQL queries and HTML bytes (raw and gzip) of one page of each type, in English and Arabic."

    def handle(self, *args, **options):
        client = Client(SERVER_NAME="localhost")  # a host every settings module allows
        seen = set()
        rows = []
        for page in (
            Page.objects.live().filter(locale__language_code="en", depth__gte=2).specific().order_by("path")
        ):
            kind = type(page).__name__
            if kind in seen:
                continue
            seen.add(kind)
            for language in ("en", "ar"):
                translated = (
                    page.get_translations(inclusive=True).filter(locale__language_code=language).first()
                )
                if translated is None:
                    continue
                url = translated.get_url()
                client.get(url)  # warm up caches of the process, as a running server would be
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                rows.append(
                    (
                        kind,
                        url,
                        response.status_code,
                        len(queries),
                        len(response.content),
                        len(gzip.compress(response.content)),
                    )
                )
        self.stdout.write(f"{'page type':<24}{'url':<48}{'status':>7}{'queries':>9}{'HTML':>8}{'gzip':>7}")
        for kind, url, status, queries, size, gz in rows:
            self.stdout.write(f"{kind:<24}{url:<48}{status:>7}{queries:>9}{size:>8}{gz:>7}")
