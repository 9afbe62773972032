"""The full-page cache for anonymous readers, and the content version that empties it.

What is cached: a GET of a public Wagtail page (or a 404 under a language prefix) by someone without a
session, whose response sets no cookie, allows caching (no `private`, `no-store`, `no-cache` or
`max-age=0`) and holds no form that posts and no CSRF token. Form pages, the receipt status page and
anything a logged-in editor sees are therefore never stored, without this module knowing them.

The key is the scheme, host, language, path and query string. Every entry records the content version it
was rendered under; any change that may show on a public page (publish, unpublish, move, delete, a
translation synchronised, a snippet, a setting, an image, a redirect, see `affects_public_pages`) bumps
the version, so every entry becomes stale at once, in every process. An entry also never outlives the
time the page itself allows (`max-age`, e.g. until a vacancy closes) nor the next notice banner's end.

The version lives in the shared cache when there is one (Redis): one round trip fetches it together
with the entry. With local memory (one machine, several gunicorn workers that share no memory) it lives
in a small file that every worker reads, so a page published through one worker is fresh in the others.
"""

import gzip
import hashlib
import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.regex_helper import _lazy_re_compile
from django.utils.translation import get_language_from_path

from . import request_memo

VERSION_KEY = "page-cache:content-version"
ENTRY_PREFIX = "page-cache:entry:"
POST_FORM = re.compile(rb"<form\b[^>]*\bmethod\s*=\s*[\"']?post", re.IGNORECASE)
CSRF_FIELD = b"csrfmiddlewaretoken"
ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")
# Headers that belong to one response on the wire, never to a stored copy.
UNSTORED_HEADERS = {"content-length", "content-encoding", "set-cookie", "date", "connection"}
# Directives by which a page (or Wagtail, for a private page) says it must not be kept.
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}
MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*(\d+)", re.IGNORECASE)


def page_cache_seconds():
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def new_token():
    return secrets.token_hex(8)


# The content version ------------------------------------------------------------------------------


def uses_shared_cache():
    """Whether the version lives in the cache (Redis, or a test process) rather than in the file."""
    if getattr(settings, "PAGE_CACHE_VERSION_IN_CACHE", False):
        return True
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def version_file():
    configured = getattr(settings, "PAGE_CACHE_VERSION_FILE", "")
    return Path(configured) if configured else Path(settings.PRIVATE_ROOT) / ".content-version"


def read_version_file():
    path = version_file()
    try:
        return path.read_text()
    except FileNotFoundError:
        write_version_file()
        return path.read_text()


def write_version_file():
    path = version_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{new_token()}")
    temporary.write_text(new_token())
    # A rename is atomic: a reader sees the old version or the new one, never half of it.
    os.replace(temporary, path)


def shared_version(found):
    if found:
        return found
    cache.add(VERSION_KEY, new_token(), None)
    return cache.get(VERSION_KEY) or "missing"


def content_version(request=None):
    """The version every cached page and layout fragment is checked against (read once per request)."""
    if request is not None and hasattr(request, "_content_version"):
        return request._content_version
    version = shared_version(cache.get(VERSION_KEY)) if uses_shared_cache() else read_version_file()
    if request is not None:
        request._content_version = version
    return version


def bump_content_version():
    if uses_shared_cache():
        cache.set(VERSION_KEY, new_token(), None)
    else:
        write_version_file()


def content_changed():
    """Empty every cached page: now, and again once the change is committed.

    Now, so the very request (or test) that changed something sees the change; after the commit, so a
    page rendered by another process from the data as it was before the commit, and stored under the
    version it read at its start, cannot outlive the change.
    """
    bump_content_version()
    request_memo.forget()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump_content_version)


def lookup(key):
    """The current version and the entry stored under `key` (one round trip to a shared cache)."""
    if uses_shared_cache():
        found = cache.get_many([VERSION_KEY, key])
        return shared_version(found.get(VERSION_KEY)), found.get(key)
    return read_version_file(), cache.get(key)


# Deciding what may be cached ----------------------------------------------------------------------


def is_excluded_path(path):
    admin = f"/{settings.ADMIN_PATH}/"
    return path.startswith((admin, settings.STATIC_URL, settings.MEDIA_URL, "/documents/", "/exit/"))


def may_serve_from_cache(request):
    """Only readers without a session (so never anyone logged in) and only GET or HEAD."""
    if request.method not in ("GET", "HEAD") or page_cache_seconds() <= 0:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return not is_excluded_path(request.path)


def entry_key(request):
    language = get_language_from_path(request.path_info) or ""
    # The scheme is part of the page: canonical and hreflang links are absolute.
    raw = "|".join([request.scheme, request.get_host(), language, request.get_full_path()])
    return ENTRY_PREFIX + hashlib.sha256(raw.encode("utf-8")).hexdigest()


def cache_control_limit(response):
    """None if the response may be kept as long as we like, 0 if not at all, else its max-age."""
    header = response.get("Cache-Control", "")
    directives = {part.split("=")[0].strip().lower() for part in header.split(",") if part.strip()}
    if directives & UNCACHEABLE_DIRECTIVES:
        return 0
    match = MAX_AGE.search(header)
    return int(match.group(1)) if match else None


def may_store(request, response):
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "wagtail_serve":
        return False  # only Wagtail pages (and their 404s): not search, feeds of views, or the admin
    if response.status_code not in (200, 404) or response.streaming or response.cookies:
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if vary - {"cookie", "accept-encoding"}:
        return False  # e.g. Accept-Language: the page depends on more than its address
    content = response.content
    return CSRF_FIELD not in content and not POST_FORM.search(content)


def storage_seconds(request, response):
    seconds = page_cache_seconds()
    if response.status_code == 404:
        seconds = min(seconds, int(getattr(settings, "PAGE_CACHE_404_SECONDS", 60)))
    limit = cache_control_limit(response)
    if limit is not None:
        seconds = min(seconds, limit)
    # The next moment the page changes by itself, e.g. a notice banner on it ends (see expire_at).
    expires_at = getattr(request, "_page_cache_expires_at", None)
    if expires_at is not None:
        seconds = min(seconds, int(expires_at - time.time()))
    return seconds


def expire_at(request, timestamp):
    """Keep the page being served in the cache no later than `timestamp` (seconds since the epoch)."""
    if request is None or timestamp is None:
        return
    current = getattr(request, "_page_cache_expires_at", None)
    request._page_cache_expires_at = timestamp if current is None else min(current, timestamp)


# The middlewares ----------------------------------------------------------------------------------


def accepts_gzip(request):
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def response_from_entry(request, entry):
    compressed = entry["gzip"] is not None and accepts_gzip(request)
    response = HttpResponse(entry["gzip"] if compressed else entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    if entry["gzip"] is not None:
        patch_vary_headers(response, ("Accept-Encoding",))
    if compressed:
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    return response


def conditional_response(request, response):
    """A 304 for a stored copy whose validators (a feed's ETag, Last-Modified) the client already has."""
    etag, last_modified = response.get("ETag"), response.get("Last-Modified")
    if not etag and not last_modified:
        return response
    return get_conditional_response(
        request,
        etag=etag,
        last_modified=last_modified and parse_http_date_safe(last_modified),
        response=response,
    )


def compressed_copy(content):
    # Compressing a page that holds no secret (no CSRF token: see may_store) is safe from BREACH.
    if len(content) < 200:
        return None
    return gzip.compress(content, compresslevel=6, mtime=0)


def allow_shared_caches(response, seconds):
    """A CDN or proxy in front (deploy/nginx) may keep the page as long as this cache would; browsers keep
    nothing. Said on a stored copy too, or the proxy would keep a page only when this cache missed it."""
    if seconds > 0 and getattr(settings, "WAGTAILFRONTENDCACHE", None):
        patch_cache_control(response, s_maxage=seconds)


class PageCacheMiddleware:
    """Serves anonymous readers a stored copy of a public page; stores the pages it may (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_excluded_path(request.path):
            return self.get_response(request)
        if not may_serve_from_cache(request):
            return self.render(request)
        key = entry_key(request)
        version, entry = lookup(key)
        request._content_version = version
        if entry is not None and entry["version"] == version and entry["expires"] > time.time():
            response = response_from_entry(request, entry)
            allow_shared_caches(response, int(entry["expires"] - time.time()))
            return conditional_response(request, response)
        response = self.render(request)
        if request.method == "GET" and may_store(request, response):
            seconds = storage_seconds(request, response)
            if seconds > 0:
                self.store(key, version, response, seconds)
                allow_shared_caches(response, seconds)
        return response

    def render(self, request):
        """The page as the view makes it, with Wagtail's read-mostly lookups remembered (see request_memo)."""
        from .layout import find_site

        token = request_memo.activate(content_version(request))
        try:
            if get_language_from_path(request.path_info):
                # Only pages under a language prefix are Wagtail's; robots.txt and the like need no site.
                find_site(request)
            return self.get_response(request)
        finally:
            request_memo.deactivate(token)

    def store(self, key, version, response, seconds):
        content = response.content
        headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
        entry = {
            "version": version,
            "expires": time.time() + seconds,
            "status": response.status_code,
            "headers": headers,
            "content": content,
            "gzip": compressed_copy(content),
        }
        cache.set(key, entry, seconds)


class CompressionMiddleware(GZipMiddleware):
    """gzip for pages that carry no secret.

    A page with a CSRF token is left uncompressed: compressing a secret next to text an attacker can
    influence (BREACH) could leak it. Pages from the page cache arrive already compressed.
    """

    def process_response(self, request, response):
        if response.streaming or response.has_header("Content-Encoding"):
            return response
        if CSRF_FIELD in response.content:
            return response
        if request.path.startswith(f"/{settings.ADMIN_PATH}/"):
            return response
        return super().process_response(request, response)


# What empties the cache ---------------------------------------------------------------------------

# Apps whose every model is content shown on public pages (pages, snippets, settings, tags).
CONTENT_APPS = {"website", "home", "programmes", "faq", "news", "vacancies"}
# Models of other apps that change what public pages show.
CONTENT_MODELS = {
    "wagtailcore.site",
    "wagtailcore.locale",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailimages.image",
    "wagtaildocs.document",
    "wagtailredirects.redirect",
    "taggit.tag",
    "taggit.taggeditem",
}


def affects_public_pages(model):
    from wagtail.models import Page

    if issubclass(model, Page):
        return True
    return model._meta.label_lower in CONTENT_MODELS or model._meta.app_label in CONTENT_APPS


def on_model_change(sender, **kwargs):
    if kwargs.get("raw"):
        return  # fixtures being loaded
    if affects_public_pages(sender):
        content_changed()


def on_page_event(sender, **kwargs):
    content_changed()


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    post_save.connect(on_model_change, dispatch_uid="page_cache_post_save")
    post_delete.connect(on_model_change, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(on_m2m_change, dispatch_uid="page_cache_m2m")
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(on_page_event, dispatch_uid=f"page_cache_{id(signal)}")


def on_m2m_change(sender, instance=None, **kwargs):
    if instance is not None and affects_public_pages(type(instance)):
        content_changed()
