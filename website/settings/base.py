"""Settings shared by every environment.

Each optional service (PostgreSQL, Redis, SMTP, S3, an onion address) switches on only when its
environment variable is set; without them the site runs on SQLite, local memory and local files.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "website",
    "home",
    "programmes",
    "faq",
    "news",
    "vacancies",
    "forms",
    "newsletter",
    "accounts",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    # Before django_tasks_db: outbox's `db_worker` (heartbeat, recovery, schedules) replaces the upstream one.
    "outbox",
    "django_tasks_db",
    "csp",
    "django_otp",
    "django_otp_webauthn",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

WAGTAILADMIN_USER_LOGIN_FORM = "forms.admin_login.InboxUnlockingLoginForm"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "website.middleware.SafetyHeadersMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "website.middleware.AdminAwareCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for pages without a CSRF token, then the full-page cache for anonymous readers: before the
    # session, so a cached page costs no session, CSRF or database work (see website/page_cache.py).
    "website.page_cache.CompressionMiddleware",
    "website.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "forms.session_keys.InboxKeySessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "website.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "website.wsgi.application"

# Database: SQLite unless DATABASE_URL says otherwise (PostgreSQL in production and CI).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`: the web process and db_worker write to one file side by side. A transaction takes
    # the write lock when it begins (IMMEDIATE), so it waits its turn instead of failing when a read
    # turns into a write; a write waits up to 20 s for the lock; WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),  # what DATABASE_URL's query string asks for wins
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory on one machine, Redis when REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Every page in every language, with room for pages of the news list.
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    }
# Full-page cache for anonymous readers (website/page_cache.py): how long a page is kept at most (an
# editor's change empties it at once); 0 turns it off. A 404 is kept for less.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_404_SECONDS = 60
# Without Redis, the content version that empties every worker's cache is a file on this machine.
PAGE_CACHE_VERSION_FILE = os.environ.get("PAGE_CACHE_VERSION_FILE", "")
# A CDN in front (optional): Wagtail purges a page's addresses from it when the page is published or
# unpublished, and cacheable pages tell it how long it may keep them (s-maxage, see page_cache.py).
WAGTAILFRONTENDCACHE = {}
if os.environ.get("CDN_PURGE_URL"):  # a cache that takes HTTP PURGE requests (Varnish, Squid, Fastly…)
    WAGTAILFRONTENDCACHE["cdn"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["CDN_PURGE_URL"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

# Body blocks offered by apps above `website` (which imports none of them): name → block class.
PAGE_BODY_APP_BLOCKS = [
    ("newsletter_signup", "newsletter.blocks.NewsletterSignupBlock"),
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
# Staff accounts (accounts/): a second factor for everyone, login throttling by username and client
# together, so a shared Tor exit or proxy cannot lock every staff member out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Encrypts TOTP secrets and recovery-code digests; derived from SECRET_KEY when unset.
OTP_SECRET_KEY = os.environ.get("OTP_SECRET_KEY", "")
OTP_TOTP_ISSUER = "ProtectDefenders.eu"
OTP_TOTP_THROTTLE_FACTOR = 1
# Beside axes' per-client pause: every failure for a username, from any client, makes the next try
# for it wait 2, 4, 8… seconds (after SIGN_IN_FREE_FAILURES), at most SIGN_IN_MAX_DELAY — a delay,
# never a lock; after SIGN_IN_OWNER_MAIL_AFTER failures its owner is mailed (see accounts/signin.py).
SIGN_IN_FREE_FAILURES = 3
SIGN_IN_MAX_DELAY = 30
SIGN_IN_OWNER_MAIL_AFTER = 5
SIGN_IN_FAILURE_MEMORY_HOURS = 24
# Passkeys (django-otp-webauthn), a second factor only. The relying party ID is PASSKEY_RP_ID, else
# the host of the request; origins: PASSKEY_ORIGINS (comma-separated) and the request's own.
PASSKEY_RP_ID = os.environ.get("PASSKEY_RP_ID", "")
OTP_WEBAUTHN_HELPER_CLASS = "accounts.passkeys.PasskeyHelper"
OTP_WEBAUTHN_RP_ID_CALLABLE = "accounts.passkeys.relying_party_id"
OTP_WEBAUTHN_RP_NAME = "ProtectDefenders.eu"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    origin
    for origin in os.environ.get("PASSKEY_ORIGINS", "https://www.protectdefenders.eu").split(",")
    if origin
]
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = ""  # its log lines would carry what the browser sent
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.throttling.locked_out"
AXES_HANDLER = "accounts.throttling.PrivateDatabaseHandler"
# No IP address is stored: axes records a daily keyed hash of it, shaped as an address.
AXES_CLIENT_IP_CALLABLE = "website.clients.client_pseudonym_address"
AXES_DISABLE_ACCESS_LOG = True  # no record of successful sign-ins with their client
AXES_VERBOSE = False  # its log lines name only the (masked) lockout parameters
AXES_ENABLE_ADMIN = False  # Django's admin site is not served
# Behind this many proxies that append to X-Forwarded-For, the client is the address the nearest saw.
# How many proxies of ours append to X-Forwarded-For in front of the app (see website/clients.py).
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))
# Argon2id at the member-key wrapping's cost (accounts/hashers.py); the older hashers only read
# existing hashes, which are re-made with Argon2 at their owner's next sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.StrongArgon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Languages. English is the source of every translation; Arabic and Persian read right to left.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("pt", "Português"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
# The language lives in the URL only: no cookie remembers it, so pages without a form set no cookie.
LANGUAGE_COOKIE_AGE = None

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Inbox keys (forms/vault.py). Member keys are wrapped with argon2id at libsodium's "moderate" limits
# (3 passes, 256 MiB: about 0.5 s per sign-in on a 2-core server) and, if set, a pepper the database
# never holds. To change the pepper, put the old one in INBOX_KEY_PREVIOUS_PEPPERS (comma-separated)
# until every member has signed in once (`manage.py member_keys`). An inbox page asks for a new inbox
# key after a member loses access, and once its key is older than INBOX_KEY_MAX_AGE_DAYS.
INBOX_KEY_ARGON2 = "moderate"
INBOX_KEY_PEPPER = os.environ.get("INBOX_KEY_PEPPER", "")
INBOX_KEY_PREVIOUS_PEPPERS = [p for p in os.environ.get("INBOX_KEY_PREVIOUS_PEPPERS", "").split(",") if p]
INBOX_KEY_MAX_AGE_DAYS = int(os.environ.get("INBOX_KEY_MAX_AGE_DAYS", "365"))
# Sealed uploads live outside MEDIA_ROOT and are never served; they are unreadable without an inbox key.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": "/private-never-served/"},
    },
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible media storage shared by every app server (endpoint, keys from AWS_* variables).
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = False
    AWS_S3_FILE_OVERWRITE = False
    # "<site host>/media": media addresses on the site's own origin, passed on to the bucket by the proxy
    # (deploy/nginx), so pages load nothing from another host.
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None

# Uploads stay in memory and are never spooled to a plaintext temporary file (Django writes any
# upload over FILE_UPLOAD_MAX_MEMORY_SIZE to one); the handler refuses what is over the limits.
FILE_UPLOAD_HANDLERS = ["forms.uploads.InMemoryOnlyUploadHandler"]
UPLOAD_MAX_FILES = 5
UPLOAD_MAX_FILE_SIZE = 10 * 1024 * 1024
# Each file is judged in a child process (forms.file_inspection) with this much memory beyond its
# start and this long, and a picture with more pixels than this is refused before it is decoded.
UPLOAD_CHECK_MEMORY = 512 * 1024 * 1024
UPLOAD_CHECK_SECONDS = 5
# All the files of one request together: well under gunicorn's 30 s worker timeout.
UPLOAD_CHECK_TOTAL_SECONDS = 12
UPLOAD_MAX_IMAGE_PIXELS = 25_000_000  # a 24-megapixel camera; decoded RGB is 75 MB
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Spam layers on every public form (website.antispam): they hold a request for review, never refuse it.
# Faster than FORM_MIN_SECONDS from page load to sending is a bot signal; over FORM_RATE_LIMIT
# requests per form per client per day, the rest are held for review.
FORM_MIN_SECONDS = int(os.environ.get("FORM_MIN_SECONDS", "3"))
FORM_RATE_LIMIT = int(os.environ.get("FORM_RATE_LIMIT", "10"))
# reCAPTCHA is off on every form unless an editor switches it on; keys and domain from the environment
# (www.recaptcha.net answers where www.google.com is blocked).
RECAPTCHA_PUBLIC_KEY = os.environ.get("RECAPTCHA_PUBLIC_KEY", "")
RECAPTCHA_PRIVATE_KEY = os.environ.get("RECAPTCHA_PRIVATE_KEY", "")
RECAPTCHA_DOMAIN = os.environ.get("RECAPTCHA_DOMAIN", "www.google.com")
RECAPTCHA_VERIFY_REQUEST_TIMEOUT = 5

# Mail: console in development; EMAIL_URL (or EMAIL_HOST…) in production.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@protectdefenders.eu")

# Background work: django-tasks with the database backend; `manage.py db_worker` runs it.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# The backend the outbox's tasks (mail, retention) go through: always a database one, so that what a
# request queues is stored in the request's own transaction.
OUTBOX_TASK_BACKEND = "default"
# Mail waiting in the outbox is sealed under this key (else one derived from SECRET_KEY).
OUTBOX_SECRET_KEY = os.environ.get("OUTBOX_SECRET_KEY", "")
# Recurring tasks (dotted path: seconds between runs), queued by whichever db_worker sees them due.
PERIODIC_TASKS = {
    "outbox.mail.requeue_waiting_mail": 3600,
    # Ended sessions leave no row behind: what a session held (half of an inbox key) goes with it.
    "accounts.tasks.purge_ended_sessions": 15 * 60,
    "forms.retention.purge_expired_submissions": 24 * 3600,
    "newsletter.tasks.purge_newsletter_records": 24 * 3600,
    "forms.revocation.reconcile_inbox_grants": 3600,
    "website.antispam.purge_rate_counters": 24 * 3600,
}
# A worker beats every WORKER_HEARTBEAT_SECONDS; silent for four beats, its running tasks are queued again.
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", "30"))
# What /healthz/ checks (website/health.py): each a function that returns true when its part works.
HEALTH_CHECKS = [
    "website.health.database_answers",
    "website.health.cache_answers",
    "outbox.workers.a_worker_is_alive",
]

WAGTAIL_SITE_NAME = "ProtectDefenders.eu"
# The one public address of this deployment (scheme, host, port if any): every link in a mail is built
# on it, never on the Host of a request or the Wagtail Site record. `make run` passes the address it
# serves; `check --deploy` fails without it or with a local one (website/checks.py).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", PUBLIC_BASE_URL or "http://127.0.0.1:8000")
# The admin's path is set by the environment and never linked from public pages.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin").strip("/")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"gif": "webp", "png": "webp", "jpeg": "webp", "bmp": "webp"}
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILLOCALIZE_JOBS = {"BACKEND": "wagtail_localize.tasks.ImmediateBackend"}
WAGTAILEMBEDS_FINDERS = []  # embeds would load third-party content
# The admin makes no third-party requests either: no Gravatar (it leaks a hash of each staff
# member's email address) and no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Security: the same headers everywhere; production adds HSTS and secure cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "forms.views.csrf_failure"
# Error reports (mail to ADMINS, error trackers) hide all that a public form sent (website/error_reports.py).
DEFAULT_EXCEPTION_REPORTER = "website.error_reports.PublicFormExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "website.error_reports.PublicFormReporterFilter"
# Form pages' CSRF cookie ends with the browser session: a year-long cookie would show the visit later.
CSRF_COOKIE_AGE = None
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions are for staff only (public pages keep none): they end after 2 hours without a request,
# and when the browser closes.
SESSION_COOKIE_AGE = 2 * 60 * 60
# Database sessions whose keys carry our signature: a made-up session cookie cannot turn the page
# cache off (website/sessions.py).
SESSION_ENGINE = "website.sessions"
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
ONION_ADDRESS = os.environ.get("ONION_ADDRESS", "")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "manifest-src": ["'self'"],
    }
}
# Wagtail's admin needs inline styles and scripts of its own; it gets a looser policy of its own
# (see website.middleware.AdminAwareCSPMiddleware), public pages never do.
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
    "base-uri": ["'self'"],
}

PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Django logs every 404 and 403 with its path as a warning: paths can say what a reader looked
    # for, and the noise slows 404s under load. Server errors are still logged.
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Names used in templates for the page title and default share image.
SITE_NAME = _("ProtectDefenders.eu")
