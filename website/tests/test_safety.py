"""What protects readers: quick exit, security headers, no third-party requests, no cookies."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from website.models import SafetySettings

PUBLIC_PAGES = [
    f"/{language}/{path}"
    for language in ["en", "fr", "es", "ru", "ar", "fa", "pt"]
    for path in ["", "contact/", "quick-exit/", "notices/", "notices/covid-19-operations/"]
] + [
    f"/{language}/{path}"
    for language in ["en", "fr", "es", "ru", "ar"]
    for path in ["who-we-are/", "privacy/"]
]


def test_quick_exit_clears_site_data_and_goes_to_the_neutral_site_of_that_language(client, demo_site):
    response = client.get("/exit/?lang=ar")
    assert response.status_code == 302
    assert response["Location"] == "https://ar.wikipedia.org/"
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_quick_exit_with_an_unknown_language_uses_the_browser_language_or_the_default(client, demo_site):
    assert (
        client.get("/exit/?lang=xx", headers={"accept-language": "fr"})["Location"]
        == "https://meteofrance.com/"
    )
    safety = SafetySettings.for_site(demo_site)
    safety.exit_destinations.filter(language="en").delete()
    assert client.get("/exit/")["Location"] == safety.default_exit_url


def test_quick_exit_refuses_post(client, demo_site):
    assert client.post("/exit/").status_code == 405


def test_quick_exit_button_and_its_explanation_are_on_every_page(client, demo_site):
    for path in PUBLIC_PAGES:
        content = client.get(path).content.decode()
        language = path.split("/")[1]
        assert f'<a class="quick-exit__button" href="/exit/?lang={language}"' in content, path
        assert f'href="/{language}/quick-exit/"' in content, path


@pytest.mark.parametrize("path", ["/en/", "/ar/contact/", "/exit/?lang=en", "/robots.txt", "/fa/missing/"])
def test_security_headers_on_every_response(client, demo_site, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'none'"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "Onion-Location" not in response


def test_onion_location_when_an_onion_address_is_configured(client, demo_site, settings):
    settings.ONION_ADDRESS = "exampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion"
    response = client.get("/ar/contact/?x=1")
    assert response["Onion-Location"] == f"http://{settings.ONION_ADDRESS}/ar/contact/?x=1"


class ResourceCollector(HTMLParser):
    """Every URL a browser would fetch on its own while rendering the page."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "iframe", "audio", "video", "source", "embed", "track"} and attrs.get(
            "src"
        ):
            self.urls.append(attrs["src"])
        if tag in {"img", "source"} and attrs.get("srcset"):
            self.urls += [candidate.strip().split(" ")[0] for candidate in attrs["srcset"].split(",")]
        if tag == "link" and attrs.get("href"):
            rel = set((attrs.get("rel") or "").split())
            if rel & {
                "stylesheet",
                "icon",
                "preload",
                "prefetch",
                "modulepreload",
                "manifest",
                "dns-prefetch",
            }:
                self.urls.append(attrs["href"])
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])
        if tag == "form" and attrs.get("action"):
            self.urls.append(attrs["action"])
        if attrs.get("style"):
            self.urls += re.findall(r"url\(([^)]+)\)", attrs["style"])


def test_no_public_page_asks_the_browser_for_another_host(client, demo_site):
    for path in PUBLIC_PAGES:
        collector = ResourceCollector()
        collector.feed(client.get(path).content.decode())
        assert collector.urls, path  # the stylesheet and script at least
        for url in collector.urls:
            host = urlsplit(url).netloc
            assert host in ("", "testserver") or url.startswith("data:"), f"{path} loads {url}"


def test_stylesheet_and_script_load_nothing_from_elsewhere():
    for name in ["website/css/site.css", "website/js/site.js"]:
        text = (settings.BASE_DIR / "website" / "static" / name).read_text()
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text), name


def test_public_pages_without_a_form_set_no_cookie(client, demo_site):
    for path in PUBLIC_PAGES:
        response = client.get(path)
        assert not response.cookies, f"{path} sets {list(response.cookies)}"
        assert "Set-Cookie" not in response


def test_admin_is_not_linked_from_public_pages(client, demo_site):
    for path in PUBLIC_PAGES:
        assert f"/{settings.ADMIN_PATH}/" not in client.get(path).content.decode(), path
    assert settings.ADMIN_PATH not in client.get("/robots.txt").content.decode()


def run_production(code, **env):
    environment = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-enough-1234567890",
        "ALLOWED_HOSTS": "protectdefenders.example",
        # What every deployment must set (`check --deploy` fails or warns without them).
        "PUBLIC_BASE_URL": "https://protectdefenders.example",
        "TRUSTED_PROXY_HOPS": "1",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_production(
        "import sys, django; from django.core.management import call_command; django.setup();"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')",
        REDIS_URL="redis://127.0.0.1:6379/0",
        EMAIL_URL="smtp://user:pass@127.0.0.1:25",
        ONION_ADDRESS="exampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # The one note allowed: this subprocess has no migrated database to search for demo accounts.
    assert "System check identified no issues" in output or (
        "ERRORS" not in output
        and "WARNINGS" not in output
        and output.count("(accounts.I001)") == 1
        and "identified 1 issue" in output
    ), output


def test_production_redirects_to_https_and_sends_hsts_behind_its_proxy():
    result = run_production(
        "import django; django.setup(); from django.test import Client; c = Client();"
        "plain = c.get('/robots.txt', HTTP_HOST='protectdefenders.example');"
        "secure = c.get('/robots.txt', HTTP_HOST='protectdefenders.example', HTTP_X_FORWARDED_PROTO='https');"
        "print(plain.status_code, plain['Location']);"
        "print(secure.status_code, secure['Strict-Transport-Security'], secure['Onion-Location'])",
        ONION_ADDRESS="exampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion",
    )
    assert result.returncode == 0, result.stderr
    plain, secure = result.stdout.splitlines()
    assert plain == "301 https://protectdefenders.example/robots.txt"
    assert secure.startswith("200 max-age=63072000; includeSubDomains; preload http://exampleonion")
