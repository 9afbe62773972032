#!/usr/bin/env python3
"""An editor's path through the admin of a running `make run`, repeated, over HTTP.

Each round, signed in as an editor with a second factor, as a person in a browser would (every form is
read from the page and sent back with what a person would change):
  1. writes a news item in English and saves a draft, then publishes it;
  2. asks for its translation into every other language (wagtail-localize), which creates the drafts;
  3. changes the English summary and publishes again;
  4. "Sync translated pages" with "publish" ticked, so every translation is published;
  5. reads the item in every language on the public site.
Any answer that is not the one a person expects (a 500 above all) counts as an error; so does
"database is locked" in the server's console when --server-log is given. Prints the counts.

    make run 2>&1 | tee run.log                  # in one terminal
    .venv/bin/python scripts/editor_path.py --rounds 20 --server-log run.log     # in another

The account (superuser `editor-path`, with the published demo authenticator) is created in the
development database by `manage.py` with development settings: it works only where DEBUG is on.
"""

import argparse
import os
import re
import secrets
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import requests
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
USERNAME = "editor-path"
LANGUAGES = ["fr", "es", "ru", "ar", "fa", "pt"]


class PathError(Exception):
    pass


def set_up_account(password, project):
    """The superuser and its demo authenticator, in the development database (DEBUG settings only)."""
    code = f"""
from django.contrib.auth import get_user_model
from accounts.demo import ensure_demo_second_factor
user, _ = get_user_model().objects.get_or_create(
    username={USERNAME!r}, defaults={{"email": "editor-path@example.org"}}
)
user.is_staff = user.is_superuser = True
user.set_password({password!r})
user.save()
ensure_demo_second_factor(user)
"""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="website.settings.dev")
    subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity=0", "-c", code], cwd=project, env=env, check=True
    )


def totp_code():
    from django_otp.oath import TOTP

    sys.path.insert(0, str(ROOT))
    from accounts.demo import DEMO_TOTP_SECRET

    return f"{TOTP(DEMO_TOTP_SECRET, step=30, t0=0, digits=6).token():06d}"


def form_data(html, selector):
    """The fields of one form as a browser would send them (no button pressed yet), and its action."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one(selector)
    if form is None:
        raise PathError(f"no form {selector!r} on the page")
    data = []
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        kind = (field.get("type") or "text").lower()
        if field.name == "textarea":
            data.append((name, field.text))
        elif field.name == "select":
            chosen = field.find_all("option", selected=True)
            if not chosen and not field.has_attr("multiple"):
                chosen = field.find_all("option")[:1]
            data.extend((name, option.get("value", option.text)) for option in chosen)
        elif kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.append((name, field.get("value", "on")))
        elif kind not in ("submit", "button", "image", "file", "reset"):
            data.append((name, field.get("value", "")))
    return data, form.get("action") or ""


def replace(data, **values):
    names = set(values)
    return [(name, value) for name, value in data if name not in names] + list(values.items())


class Editor:
    def __init__(self, base, password):
        self.base = base.rstrip("/")
        self.admin = f"{self.base}/admin"
        self.password = password
        self.http = requests.Session()
        self.statuses = Counter()

    def request(self, method, url, expect, **kwargs):
        url = urljoin(self.base + "/", url)
        response = self.http.request(method, url, allow_redirects=False, timeout=60, **kwargs)
        self.statuses[response.status_code] += 1
        if response.status_code not in expect:
            raise PathError(f"{method} {url} answered {response.status_code}: {response.text[:300]!r}")
        return response

    def post_form(self, url, selector, expect=(302,), **changes):
        page = self.request("GET", url, (200,))
        data, action = form_data(page.text, selector)
        extra = changes.pop("extra", [])
        data = replace(data, **changes) + extra
        return self.request("POST", urljoin(page.url, action) if action else page.url, expect, data=data)

    def sign_in(self):
        login = self.post_form(f"{self.admin}/login/", "form", username=USERNAME, password=self.password)
        # Wait for a fresh 30-second step: each code is accepted once.
        time.sleep(30 - time.time() % 30 + 1)
        # Until the second factor is given, every admin address leads to it (the sign-in goes there
        # straight, or through the address it was asked for).
        second_factor = urljoin(self.base + "/", login.headers["Location"])
        while (answer := self.request("GET", second_factor, (200, 302))).status_code == 302:
            second_factor = urljoin(second_factor, answer.headers["Location"])
        self.post_form(second_factor, "form[method=post]", code=totp_code())
        self.request("GET", f"{self.admin}/", (200,))

    def news_index_id(self):
        explorer = self.request(
            "GET", f"{self.admin}/pages/search/?q=News&content_type=news.newsindexpage", (200,)
        )
        match = re.search(r"/pages/(\d+)/edit/", explorer.text)
        if not match:
            raise PathError("no English news index found in the admin")
        return int(match.group(1))

    def round(self, number, index_id):
        slug = f"editor-path-{int(time.time())}-{number}"
        title = f"Editor path round {number}"
        # 1. A draft, then published.
        created = self.post_form(
            f"{self.admin}/pages/add/news/newspage/{index_id}/",
            "#page-edit-form",
            title=title,
            slug=slug,
            summary=f"Written by the editor path, round {number}.",
            extra=[("body-count", "0")],
        )
        page_id = int(re.search(r"/pages/(\d+)/edit/", created.headers["Location"]).group(1))
        edit_url = f"{self.admin}/pages/{page_id}/edit/"
        self.post_form(
            edit_url, "#page-edit-form", extra=[("body-count", "0"), ("action-publish", "action-publish")]
        )
        self.request("GET", f"/en/news/{slug}/", (200,))

        # 2. Translations asked for, into every other language.
        submit_url = f"{self.admin}/localize/submit/page/{page_id}/"
        page = self.request("GET", submit_url, (200,))
        data, _action = form_data(page.text, "form[method=post]")
        locale_values = [
            field.get("value")
            for field in BeautifulSoup(page.text, "html.parser").select("input[name=locales]")
        ]
        if len(locale_values) != len(LANGUAGES):
            raise PathError(f"the translation form offers {len(locale_values)} languages")
        data = [(n, v) for n, v in data if n != "locales"] + [("locales", v) for v in locale_values]
        self.request("POST", submit_url, (302,), data=data)

        # 3. The English item changed and published again.
        self.post_form(
            edit_url,
            "#page-edit-form",
            summary=f"Changed by the editor path, round {number}.",
            extra=[("body-count", "0"), ("action-publish", "action-publish")],
        )

        # 4. Sync translated pages, publishing them.
        edit_page = self.request("GET", edit_url, (200,))
        match = re.search(r"/localize/update/(\d+)/", edit_page.text)
        if not match:
            raise PathError("no 'Sync translated pages' action on the English item")
        self.post_form(
            f"{self.admin}/localize/update/{match.group(1)}/",
            "form[method=post]",
            publish_translations="on",
        )

        # 5. The public pages, in every language.
        for language in ["en", *LANGUAGES]:
            self.request("GET", f"/{language}/news/{slug}/", (200,))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--server-log", help="the console output of `make run`, to look for errors in")
    parser.add_argument(
        "--project-dir", default=ROOT, help="the checkout whose `make run` is serving (its db.sqlite3)"
    )
    args = parser.parse_args()

    log_start = Path(args.server_log).stat().st_size if args.server_log else 0
    password = secrets.token_urlsafe(24)
    set_up_account(password, args.project_dir)
    editor = Editor(args.base_url, password)
    editor.sign_in()
    index_id = editor.news_index_id()

    errors = []
    started = time.monotonic()
    for number in range(1, args.rounds + 1):
        try:
            editor.round(number, index_id)
            print(f"round {number}: ok", flush=True)
        except (PathError, requests.RequestException) as error:
            errors.append(f"round {number}: {error}")
            print(errors[-1], flush=True)
    elapsed = time.monotonic() - started

    locked = tracebacks = 0
    if args.server_log:
        with open(args.server_log, errors="replace") as log:
            log.seek(log_start)
            console = log.read()
        locked = len(re.findall(r"database (table )?is locked", console))
        tracebacks = console.count("Traceback")
    statuses = ", ".join(f"{code}: {count}" for code, count in sorted(editor.statuses.items()))
    print(
        f"{args.rounds} rounds in {elapsed:.0f} s; {args.rounds - len(errors)} without error; "
        f"HTTP answers {statuses}; server console: 'database is locked' {locked}, tracebacks {tracebacks}"
    )
    return 1 if errors or locked or tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
