# ruff: noqa: F405  (settings from base arrive by star import)
"""Tests: PostgreSQL when DATABASE_URL is set (`make test` starts a throwaway cluster), else SQLite."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
# Fast hashing in tests; production's costs are measured by scripts/bench_sign_in.py.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The demo's inboxes exist in the throwaway test database (the loader refuses them in production).
DEMO_INBOXES = True
# Member keys at libsodium's lowest limits, so that each test's sign-in is quick (production: "moderate").
INBOX_KEY_ARGON2 = "min"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Links in mails (tests that check them set their own).
PUBLIC_BASE_URL = "https://defenders.example"
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
if os.environ.get("EMAIL_URL"):
    # A worker started by a test, sending to that test's SMTP server.
    import dj_email_url

    vars().update(dj_email_url.parse(os.environ["EMAIL_URL"]))
# Wagtail's own tasks run inline in tests, in the request that enqueues them; the outbox's tasks are
# stored as in production and run by a worker (outbox.testing.deliver_outbox, or a real db_worker).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "outbox": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
OUTBOX_TASK_BACKEND = "outbox"
STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
ARTIFACTS = BASE_DIR / "test-artifacts"
ARTIFACTS.mkdir(exist_ok=True)
MEDIA_ROOT = ARTIFACTS / "media"
PRIVATE_ROOT = ARTIFACTS / "private"
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": "/private-never-served/"},
}
# Each request closes its connection, so the test database can be dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# The full-page cache is off: tests change pages and read them back at once, sometimes through the ORM
# alone; website/tests/test_page_cache.py turns it on. (The layout cache stays on: conftest.py empties
# it before each test.)
PAGE_CACHE_SECONDS = 0
# The content version in this process's own cache, not in a file that other test runs on this
# machine would change under it.
PAGE_CACHE_VERSION_IN_CACHE = True
# Static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so the browser tests' server threads each open their own connection.
    # TEST_DB_SUFFIX lets several test runs share one checkout without sharing a database.
    suffix = os.environ.get("TEST_DB_SUFFIX", "main")
    DATABASES["default"]["TEST"] = {"NAME": str(ARTIFACTS / f"test-{suffix}.sqlite3")}
