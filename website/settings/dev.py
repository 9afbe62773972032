# ruff: noqa: F405  (settings from base arrive by star import)
"""Local development: `make run` (SQLite, mail written to sent-mail/, a db_worker beside the server)."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
INTERNAL_IPS = ["127.0.0.1"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Every mail the demo sends (acknowledgements, inbox notifications, newsletter confirmations) is a
# .eml file in sent-mail/, announced by one console line: to, subject, file.
EMAIL_BACKEND = "outbox.dev_mail.MailFolderBackend"
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", BASE_DIR / "sent-mail"))

# Readers and editors see the site's own 404 (in their language, with the link to the English page
# when only that exists) and 500 pages, as in production, while DEBUG keeps its other help (template
# errors, static files, the demo's second factor). The traceback of a 500 is on the console.
# TECHNICAL_ERROR_PAGES=1 brings back Django's technical pages.
if os.environ.get("TECHNICAL_ERROR_PAGES", "") not in ("1", "true", "yes"):
    # Before axes, which must stay last.
    MIDDLEWARE = [*MIDDLEWARE[:-1], "website.dev_error_pages.SiteErrorPagesMiddleware", MIDDLEWARE[-1]]

LOGGING = {
    **LOGGING,
    "loggers": {
        **LOGGING["loggers"],
        # One line per mail written to sent-mail/ (failed sends are logged by outbox.mail as warnings).
        "outbox.dev_mail": {"level": "INFO"},
    },
}

# The address `make run` serves (it passes PUBLIC_BASE_URL from $(PORT)); links in mails point there.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", PUBLIC_BASE_URL)
