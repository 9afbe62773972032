"""Quick exit in a real browser: Shift three times, and the button with JavaScript off."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from wagtail.models import Site

from website.models import QuickExitDestination, SafetySettings

pytestmark = pytest.mark.browser


class NeutralSite(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<title>Weather</title>Sunny")

    def log_message(self, *args):
        pass


@pytest.fixture
def neutral_site():
    """Stands in for the neutral website: another origin, on this machine (tests never leave it)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), NeutralSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def site_url(live_site, neutral_site, django_db_blocker):
    """Quick exit leads to the stand-in neutral site for the test, and back to the demo settings after."""
    with django_db_blocker.unblock():
        safety = SafetySettings.for_site(Site.objects.get(is_default_site=True))
        saved = (safety.default_exit_url, list(safety.exit_destinations.values_list("pk", "url")))
        safety.default_exit_url = neutral_site  # plain http here only; editors' input must be https
        safety.save()
        safety.exit_destinations.update(url=neutral_site)
    yield live_site
    with django_db_blocker.unblock():
        safety.default_exit_url = saved[0]
        safety.save()
        for pk, url in saved[1]:
            QuickExitDestination.objects.filter(pk=pk).update(url=url)


def open_page(browser, java_script_enabled):
    context = browser.new_context(java_script_enabled=java_script_enabled)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    return context, context.new_page(), requests


def test_pressing_shift_three_times_leaves_for_the_neutral_site(browser, site_url, neutral_site):
    context, page, requests = open_page(browser, java_script_enabled=True)
    page.goto(f"{site_url}/en/")
    history_length = page.evaluate("history.length")
    assert page.get_by_text("Or press Shift three times.").is_visible()
    with page.expect_navigation(url=neutral_site):
        for _ in range(3):
            page.keyboard.press("Shift")
    assert page.url == neutral_site
    assert any("/exit/?lang=en" in url for url in requests)
    # location.replace: leaving adds no history entry, so "Back" does not lead to our page.
    assert page.evaluate("history.length") == history_length
    context.close()


def test_two_shift_presses_and_a_letter_do_not_leave(browser, site_url):
    context, page, _requests = open_page(browser, java_script_enabled=True)
    page.goto(f"{site_url}/en/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url == f"{site_url}/en/"
    context.close()


def test_exit_button_works_without_javascript(browser, site_url, neutral_site):
    context, page, requests = open_page(browser, java_script_enabled=False)
    response = page.goto(f"{site_url}/ar/")
    assert response.status == 200
    button = page.get_by_role("link", name="غادر هذه الصفحة", exact=True)
    assert button.is_visible()
    assert not page.get_by_text("Or press Shift three times.").is_visible()
    with page.expect_navigation(url=neutral_site):
        button.click()
    assert page.url == neutral_site
    assert any("/exit/?lang=ar" in url for url in requests)
    context.close()
