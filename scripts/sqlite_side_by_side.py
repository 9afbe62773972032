#!/usr/bin/env python3
"""The web process and db_worker writing to one SQLite file side by side, as under `make run`.

On a fresh SQLite database (migrated, with a news section), one process publishes news
pages (a new revision of an item, or a new item, every turn, as editors do in the admin) while a
`db_worker` runs the search-index and reference-index tasks each publish queues, and beats its
heartbeat. After --seconds, the publisher stops, the worker finishes the queue and is stopped.
Prints the figures and exits 1 if anything failed: a publish that raised, a task that failed, or
"database is locked" anywhere in either process's output.

    .venv/bin/python scripts/sqlite_side_by_side.py --seconds 30
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LOCKED = re.compile(r"database (table )?is locked", re.IGNORECASE)


def environment(folder):
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="website.settings.dev",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        EMAIL_FILE_PATH=str(folder / "sent-mail"),
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_ROOT=str(folder / "private"),
        # Beats (and the maintenance writes that come with them) every second instead of every 30.
        WORKER_HEARTBEAT_SECONDS="1",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def publish_for(seconds):
    """Runs in the publishing process (Django set up): publish news pages until time is up."""
    import django

    django.setup()
    import traceback

    from django.db import connection
    from django.utils import timezone
    from wagtail.models import Locale

    from news.models import NewsIndexPage, NewsPage

    index = NewsIndexPage.objects.filter(locale=Locale.get_default()).first()
    items = list(NewsPage.objects.child_of(index).specific())
    published = errors = 0
    end = time.monotonic() + seconds
    turn = 0
    while time.monotonic() < end:
        turn += 1
        try:
            if turn % 5 == 0:
                page = NewsPage(
                    title=f"Side by side {turn}",
                    slug=f"side-by-side-{turn}",
                    date=timezone.localdate(),
                    summary=f"Published while the worker runs, turn {turn}.",
                )
                index.add_child(instance=page)
            else:
                page = items[turn % len(items)]
                page.summary = f"Edited while the worker runs, turn {turn}."
            page.save_revision().publish()
            published += 1
        except Exception:  # noqa: BLE001 - every failure is counted and shown, then the next turn
            errors += 1
            traceback.print_exc()
            connection.close()
    print(f"publisher: {published} publishes, {errors} errors", flush=True)
    return 1 if errors else 0


def set_up():
    """A news section with a few items under Wagtail's initial page; their tasks wait for the worker."""
    import django

    django.setup()
    from django.utils import timezone
    from wagtail.models import Page

    from news.models import NewsIndexPage, NewsPage

    home = Page.objects.get(depth=2)
    index = home.add_child(instance=NewsIndexPage(title="News", slug="news"))
    index.save_revision().publish()
    for number in range(5):
        item = NewsPage(
            title=f"Item {number}", slug=f"item-{number}", date=timezone.localdate(), summary="A summary."
        )
        index.add_child(instance=item)
        item.save_revision().publish()


def count_tasks(env):
    code = (
        "import django, json; django.setup();"
        "from django.db.models import Count;"
        "from django_tasks_db.models import DBTaskResult;"
        "print(json.dumps(dict(DBTaskResult.objects.values_list('status').annotate(n=Count('id')))))"
    )
    out = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    import json

    return json.loads(out.strip().splitlines()[-1])


def run(seconds, folder, from_database=None):
    env = environment(folder)
    started = time.monotonic()
    if from_database:
        # A copy of a migrated database with a news section (the test suite's, with the demo in it).
        import sqlite3

        with sqlite3.connect(from_database) as source, sqlite3.connect(folder / "db.sqlite3") as copy:
            source.backup(copy)
    else:
        manage(env, "migrate", "--verbosity=0")
        subprocess.run([PYTHON, __file__, "--set-up"], cwd=ROOT, env=env, check=True)
    before = count_tasks(env)
    print(f"set up in {time.monotonic() - started:.0f} s; tasks before: {before}", flush=True)

    worker_log = folder / "worker.log"
    with worker_log.open("w") as log:
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval=0.1", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        publisher = subprocess.run(
            [PYTHON, __file__, "--publish-for", str(seconds)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        # Let the worker finish what the last publishes queued, then stop it as Ctrl-C would.
        deadline = time.monotonic() + 60
        while count_tasks(env).get("READY", 0) and time.monotonic() < deadline:
            time.sleep(0.5)
        worker.send_signal(signal.SIGINT)
        worker.wait(timeout=30)
    after = count_tasks(env)
    worker_output = worker_log.read_text()
    print(publisher.stdout.strip())
    failed_tasks = after.get("FAILED", 0) - before.get("FAILED", 0)
    tasks_run = after.get("SUCCESSFUL", 0) - before.get("SUCCESSFUL", 0)
    locked = len(LOCKED.findall(publisher.stdout + publisher.stderr + worker_output))
    tracebacks = (publisher.stderr + worker_output).count("Traceback")
    print(
        f"worker: {tasks_run} tasks run, {failed_tasks} failed, {after.get('READY', 0)} left waiting; "
        f"'database is locked': {locked}; tracebacks: {tracebacks}"
    )
    if publisher.stderr.strip():
        print(publisher.stderr[-4000:], file=sys.stderr)
    if tracebacks:
        print(worker_output[-4000:], file=sys.stderr)
    ok = publisher.returncode == 0 and not failed_tasks and not locked and not tracebacks
    ok = ok and tasks_run > 0 and not after.get("READY", 0)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30, help="how long to publish (default 30)")
    parser.add_argument("--from-database", help="copy this migrated SQLite file instead of migrating")
    parser.add_argument("--publish-for", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--set-up", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.publish_for is not None or args.set_up:
        sys.path.insert(0, str(ROOT))
        return set_up() if args.set_up else publish_for(args.publish_for)
    with tempfile.TemporaryDirectory(prefix="sqlite-side-by-side-") as folder:
        return run(args.seconds, Path(folder), args.from_database)


if __name__ == "__main__":
    sys.exit(main())
