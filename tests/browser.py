"""Debian's Chromium driven by Playwright, with no downloaded browser and no traffic to Google."""

import os
import re
from contextlib import contextmanager
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Tests never leave this machine: every host name but this one's resolves to nothing.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


@contextmanager
def chromium():
    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls stay synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Lazy images and frames load only when scrolled to: load them all now, so that every request a page
# can make is made, then wait until each has finished.
LOAD_EVERYTHING = """async () => {
  for (const element of document.querySelectorAll("[loading=lazy]")) element.loading = "eager";
  const loaded = Promise.all([...document.images].filter((image) => !image.complete).map(
    (image) => new Promise((done) => { image.onload = image.onerror = done; })
  ));
  await Promise.race([loaded, new Promise((done) => setTimeout(done, 5000))]);
}"""


class OffsiteRequests(list):
    """Every request a browser context makes to another host; none of them reaches the network.

    Pages must ask nothing of another host: a test asserts the list is empty, or holds only what it
    expects (the quick-exit destination). Requests are answered here with a stand-in page; a redirect
    to another host, which Playwright cannot intercept, finds no such host (see CHROMIUM_ARGS).
    """

    STAND_IN = "<!doctype html><html lang='en'><title>Weather</title><p>Sunny</p></html>"

    def __init__(self, context, site):
        super().__init__()
        self.site = site.rstrip("/") + "/"
        context.on("request", self.record)
        # A pattern, not a Python function: the browser's driver matches it without asking this
        # process about every request of the site's own.
        own_host = re.escape(urlsplit(self.site).netloc)
        context.route(re.compile(rf"^https?://(?!{own_host}/)"), self.answer_here)

    def is_offsite(self, url):
        # The browser's own pages (its PDF viewer) are not requests to another host.
        return url.startswith(("http:", "https:")) and not url.startswith(self.site)

    def record(self, request):
        if self.is_offsite(request.url):
            self.append(request.url)

    def answer_here(self, route):
        route.fulfill(status=200, content_type="text/html", body=self.STAND_IN)
