"""Where an uncached page spends its time: SQL, Wagtail's routing, the view, template rendering, the rest.

Used by scripts/bench.py (its first table); also runnable alone against a database that holds the demo
content (`DATABASE_URL=… DJANGO_SETTINGS_MODULE=website.settings.production … python
scripts/page_profile.py [--cprofile PATH]`). Each page is served ROUNDS times in this process through
Django's whole middleware stack with the page cache off (the layout cache stays on, as on a server),
after one warm-up view, and each part's own time is measured (a part's time excludes the parts inside
it, so the columns add up to the total):

- SQL: time in the database driver, and queries per view;
- routing: finding the site and the page for the address (Wagtail's `Page.route_for_request`);
- view: the page's `serve` (context, headers) without the template;
- template: rendering the response's template, template tags included;
- rest: the middleware and Django's handler around all of it.
"""

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("PROFILE_ROUNDS", "30"))
PARTS = ("sql", "routing", "view", "template", "rest")


class PartClock:
    """Exclusive time per part: time is charged to the innermost part running."""

    def __init__(self):
        self.totals = dict.fromkeys(PARTS, 0.0)
        self.queries = 0
        self.stack = ["rest"]
        self.mark = time.perf_counter()

    def _charge(self):
        now = time.perf_counter()
        self.totals[self.stack[-1]] += now - self.mark
        self.mark = now

    @contextmanager
    def part(self, name):
        self._charge()
        self.stack.append(name)
        try:
            yield
        finally:
            self._charge()
            self.stack.pop()

    def reset(self):
        self.totals = dict.fromkeys(PARTS, 0.0)
        self.queries = 0
        self.mark = time.perf_counter()


CLOCK = PartClock()


def _timed(function, part):
    def wrapper(*args, **kwargs):
        with CLOCK.part(part):
            return function(*args, **kwargs)

    wrapper.__wrapped__ = function
    return wrapper


@contextmanager
def instrumented():
    """Wraps the functions each part is made of for as long as the block runs."""
    from django.db import connection
    from django.template.response import SimpleTemplateResponse
    from wagtail import views as wagtail_views
    from wagtail.models import Page

    from website import layout, routing

    def sql(execute, sql, params, many, context):
        CLOCK.queries += 1
        with CLOCK.part("sql"):
            return execute(sql, params, many, context)

    patches = [
        (Page, "route_for_request", staticmethod(_timed(Page.route_for_request, "routing"))),
        (routing, "route_for_request", _timed(routing.route_for_request, "routing")),
        (layout, "find_site", _timed(layout.find_site, "routing")),
        (wagtail_views, "serve", _timed(wagtail_views.serve, "view")),
        (SimpleTemplateResponse, "render", _timed(SimpleTemplateResponse.render, "template")),
    ]
    originals = [(owner, name, owner.__dict__[name]) for owner, name, _new in patches]
    for owner, name, new in patches:
        setattr(owner, name, new)
    try:
        with connection.execute_wrapper(sql):
            yield
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def profile_path(client, path, rounds=ROUNDS):
    """Milliseconds per view for each part, the total and the queries per view."""
    client.get(path)  # warm-up: the layout and Wagtail's lookups cached, as on a running server
    CLOCK.reset()
    started = time.perf_counter()
    status = None
    for _ in range(rounds):
        status = client.get(path).status_code
    total = time.perf_counter() - started
    CLOCK._charge()
    figures = {part: CLOCK.totals[part] * 1000 / rounds for part in PARTS}
    # The rest is whatever the parts above leave of the total (the middleware, the handler, the client).
    figures["rest"] = total * 1000 / rounds - sum(figures[part] for part in PARTS if part != "rest")
    figures["total"] = total * 1000 / rounds
    figures["queries"] = CLOCK.queries / rounds
    figures["status"] = status
    return figures


def profile_pages(pages, rounds=ROUNDS):
    """{(name, language): figures} for `pages` as scripts/bench.py lists them."""
    from django.test import Client, override_settings

    client = Client(SERVER_NAME="127.0.0.1")
    results = {}
    with override_settings(PAGE_CACHE_SECONDS=0), serving_wrapped_views(), instrumented():
        for name, paths in pages:
            for language, path in paths.items():
                results[(name, language)] = profile_path(client, path, rounds)
    return results


@contextmanager
def serving_wrapped_views():
    """The URL pattern of Wagtail's pages holds its view itself: for now, point it at the view as
    looked up in its module, so that the view's parts are timed as wrapped."""
    import importlib

    from django.urls import URLPattern, get_resolver

    changed = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                if pattern.name == "wagtail_serve":
                    changed.append((pattern, pattern.callback))
            else:
                walk(pattern.url_patterns)

    walk(get_resolver().url_patterns)

    def via_module(callback):
        module = importlib.import_module(callback.__module__)

        def view(request, *args, **kwargs):
            return getattr(module, callback.__name__)(request, *args, **kwargs)

        return view

    for pattern, callback in changed:
        pattern.callback = via_module(callback)
    try:
        yield
    finally:
        for pattern, callback in changed:
            pattern.callback = callback


def print_profile(pages, results, rounds=ROUNDS):
    print(
        "Where an uncached page spends its time (ms per view, in one process, page cache off, "
        f"{rounds} views after a warm-up; each part without the parts inside it):"
    )
    header = (
        "| page | lang | SQL queries | SQL ms | routing ms | view ms | template ms | rest ms | total ms |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for name, paths in pages:
        for language in paths:
            f = results[(name, language)]
            print(
                f"| {name} | {language} | {f['queries']:.0f} | {f['sql']:.1f} | {f['routing']:.1f} "
                f"| {f['view']:.1f} | {f['template']:.1f} | {f['rest']:.1f} | {f['total']:.1f} |"
            )
    print()


def main():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cprofile", help="also write cProfile's statistics of every view to this file")
    parser.add_argument("--only", help="only pages whose name contains this")
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)
    from bench import abuse_rows, page_paths

    pages = page_paths()
    pages += abuse_rows(pages)
    if arguments.only:
        pages = [(name, paths) for name, paths in pages if arguments.only in name]
    if arguments.cprofile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
        results = profile_pages(pages)
        profiler.disable()
        profiler.dump_stats(arguments.cprofile)
    else:
        results = profile_pages(pages)
    print_profile(pages, results)


if __name__ == "__main__":
    main()
