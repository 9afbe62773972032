"""The full-page cache for anonymous readers, and the content version that empties it.

What is cached: a GET of a public Wagtail page (or a 404 under a language prefix) by someone without a
session, whose response sets no cookie, allows caching (no `private`, `no-store`, `no-cache` or
`max-age=0`) and holds no form that posts and no CSRF token. Form pages, the receipt status page and
anything a logged-in editor sees are therefore never stored, without this module knowing them.

The key is the scheme, host, language, path and the query parameters the page reads, and only those
(see "The query" below): a made-up parameter (`?r=123`) is served the page without it. A session cookie
counts only if it names a live session (see `has_live_session`), so a made-up `sessionid` is served the
cached page too. A 404 for an address where no page exists is kept once per language, not once per
address (see `cached_not_found`), so a flood of made-up addresses fills nothing; that one entry
remembers the last few hundred addresses it answered, so one missing address asked again costs nothing.

Every entry records the content version it was rendered under; any change that may show on a public
page (publish, unpublish, move, delete, a translation synchronised, a snippet, a setting, an image, a
redirect, see `affects_public_pages`) bumps the version, so every entry becomes stale at once, in every
process. An entry also never outlives the time the page itself allows (`max-age`, e.g. until a vacancy
closes) nor the next notice banner's end.

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
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe, urlencode
from django.utils.regex_helper import _lazy_re_compile
from django.utils.translation import get_language_from_path

from . import request_memo

VERSION_KEY = "page-cache:content-version"
ENTRY_PREFIX = "page-cache:entry:"
# Per path: the query parameters its page reads and the values it knows (see "The query" below).
QUERY_PREFIX = "page-cache:query:"
# Per scheme, host and language: the one "page not found" answer.
NOT_FOUND_PREFIX = "page-cache:404:"
# Per session cookie that carries our signature: whether its session is live (see has_live_session).
SESSION_PREFIX = "page-cache:session:"
SESSION_ANSWER_SECONDS = 30
# How many missing addresses a language's "page not found" entry remembers (see remembered_not_found).
NOT_FOUND_PATHS = 256
# Any value of a parameter that the page does not know, when the page shows them all alike.
OTHER_VALUE = "\x00other"
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


def fetch(keys):
    """The current version and the entries under `keys` (one round trip to a shared cache)."""
    if uses_shared_cache():
        found = cache.get_many([VERSION_KEY, *keys])
        return shared_version(found.get(VERSION_KEY)), found
    return read_version_file(), cache.get_many(keys)


def is_fresh(entry, version):
    return entry is not None and entry["version"] == version and entry["expires"] > time.time()


def lookup(request):
    """The current version, and the fresh entry for this request if there is one.

    Without a query: one round trip. With one: the page's parameters come in the same round trip; if
    they leave the query out, the page's entry too, else a second round trip fetches it.
    """
    bare_key = entry_key(request)
    if not request.META.get("QUERY_STRING"):
        version, found = fetch([bare_key])
        entry = found.get(bare_key)
        return version, entry if is_fresh(entry, version) else None
    parameters_key = query_key(request)
    version, found = fetch([bare_key, parameters_key])
    shape = found.get(parameters_key)
    if not is_fresh(shape, version):
        return version, None  # not known yet: rendered, then stored under the query the page used
    query = canonical_query(request.GET, shape["parameters"])
    entry = found.get(bare_key) if not query else cache.get(entry_key(request, query))
    return version, entry if is_fresh(entry, version) else None


# "Page not found": one entry per language, which also remembers the last NOT_FOUND_PATHS addresses it
# was the answer for, so that the same missing address asked again is answered without looking for it.


def remembered_not_found(request, version):
    """The language's "page not found" entry, if fresh and already the answer for this address."""
    if not get_language_from_path(request.path_info):
        return None
    entry = cache.get(not_found_key(request))
    if is_fresh(entry, version) and path_digest(request) in entry.get("paths", ()):
        return entry
    return None


def cached_not_found(request):
    """The language's stored "page not found" answer, if fresh (the 404 handler serves it)."""
    if not may_serve_from_cache(request):
        return None
    key = not_found_key(request)
    version, found = fetch([key])
    entry = found.get(key)
    if not is_fresh(entry, version):
        request._page_cache_not_found = True  # the middleware stores this 404 for the language
        return None
    path = path_digest(request)
    if path not in entry.get("paths", ()):
        # Remember this address too (the newest NOT_FOUND_PATHS; a flood only pushes older ones out).
        entry["paths"] = [*entry.get("paths", ())[-(NOT_FOUND_PATHS - 1) :], path]
        remaining = int(entry["expires"] - time.time())
        if remaining > 0:
            cache.set(key, entry, remaining)
    response = response_from_entry(request, entry)
    response._page_cache_hit = True
    return response


# Deciding what may be cached ----------------------------------------------------------------------


def is_excluded_path(path):
    admin = f"/{settings.ADMIN_PATH}/"
    return path.startswith((admin, settings.STATIC_URL, settings.MEDIA_URL, "/documents/", "/exit/"))


def has_live_session(request):
    """Whether the request's session cookie names a live session: only then is the page rendered for it.

    A session key we issue carries our signature (website/sessions.py), so a made-up cookie is told
    apart by one HMAC, with no lookup at all. A key that does carry it (someone signed in, or was,
    on this site) is looked up once, and the answer kept for SESSION_ANSWER_SECONDS.
    """
    from .sessions import SessionStore, is_signed_session_key

    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if not key or not is_signed_session_key(key):
        return False
    memo = SESSION_PREFIX + hashlib.sha256(key.encode()).hexdigest()
    live = cache.get(memo)
    if live is None:
        live = SessionStore.is_live(key)
        cache.set(memo, live, SESSION_ANSWER_SECONDS)
    return live


def has_messages(request):
    """Whether the request carries messages (Django's signed cookie) that the page would show."""
    value = request.COOKIES.get("messages")
    if not value:
        return False
    try:
        signing.get_cookie_signer(salt="django.contrib.messages").unsign(value)
    except signing.BadSignature:
        return False  # made up: there is nothing to show
    return True


def may_serve_from_cache(request):
    """Only readers without a live session (so never anyone logged in) and only GET or HEAD."""
    if request.method not in ("GET", "HEAD") or page_cache_seconds() <= 0:
        return False
    if is_excluded_path(request.path):
        return False
    return not has_messages(request) and not has_live_session(request)


# The query ----------------------------------------------------------------------------------------
#
# A page type names the query parameters it reads (`cache_query_parameters`, e.g. ("tag", "page") on the
# news index); every other parameter is left out of the key. The page reads each one through
# `query_value`, which also names the values it knows (the page numbers there are, the topics): a value
# it does not know is dropped (the page shows what it shows without it) or, when the page shows every
# unknown value alike ("There is no news on this topic"), stands for all of them. The page's parameters
# and values are kept per path beside the entries, so the next request, whatever its query, finds its
# entry without rendering; until then it is rendered, and stored under the query the page used.


def clean_value(value):
    return (value or "").strip()


def query_value(request, name, known, others_alike=False):
    """The value of query parameter `name` the page must use: one of `known`, else "" (as if absent),
    or, with `others_alike`, the unknown value itself (the page promises to show every one alike)."""
    known = sorted({str(value) for value in known})
    parameters = getattr(request, "_page_cache_query", None)
    if parameters is None:
        parameters = request._page_cache_query = {}
    parameters[name] = [known, others_alike]
    value = clean_value(request.GET.get(name))
    if value in known or (value and others_alike):
        return value
    return ""


def page_numbers(paginator):
    """The known values of a `page` parameter: 2 to the last page (page 1 is the page without it)."""
    return [str(number) for number in range(2, paginator.num_pages + 1)]


def canonical_query(query, parameters):
    """The part of `query` (a QueryDict) that decides the page, given its parameters' known values."""
    pairs = []
    for name in sorted(parameters):
        known, others_alike = parameters[name]
        value = clean_value(query.get(name))
        if value in known:
            pairs.append((name, value))
        elif value and others_alike:
            pairs.append((name, OTHER_VALUE))
    return urlencode(pairs)


def rendered_query(request):
    """The query the page was rendered for, or None if it read a parameter it did not declare values for."""
    parameters = getattr(request, "_page_cache_query", {})
    for name in getattr(request, "_page_cache_parameters", ()):
        if name not in parameters and clean_value(request.GET.get(name)):
            return None  # the page read it some other way: its values are not known to be few
    return canonical_query(request.GET, parameters)


def path_identity(request):
    language = get_language_from_path(request.path_info) or ""
    # The scheme is part of the page: canonical and hreflang links are absolute.
    return "|".join([request.scheme, request.get_host(), language, request.path])


def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_key(request, query=""):
    return ENTRY_PREFIX + digest(f"{path_identity(request)}?{query}")


def query_key(request):
    return QUERY_PREFIX + digest(path_identity(request))


def path_digest(request):
    return digest(path_identity(request))[:32]


def not_found_key(request):
    language = get_language_from_path(request.path_info) or ""
    return NOT_FOUND_PREFIX + digest("|".join([request.scheme, request.get_host(), language]))


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
    if getattr(response, "_page_cache_hit", False):
        return False  # already stored: the one 404 of a language (see cached_not_found)
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
        version, entry = lookup(request)
        request._content_version = version
        if entry is None:
            entry = remembered_not_found(request, version)
        if entry is not None:
            response = response_from_entry(request, entry)
            allow_shared_caches(response, int(entry["expires"] - time.time()))
            return conditional_response(request, response)
        response = self.render(request)
        if request.method == "GET" and may_store(request, response):
            seconds = storage_seconds(request, response)
            key = self.key_for(request, response)
            if seconds > 0 and key is not None:
                if key == not_found_key(request):
                    self.store(key, version, response, seconds, paths=[path_digest(request)])
                else:
                    self.store(key, version, response, seconds)
                    # The page's parameters, so that any query finds this entry without rendering.
                    parameters = getattr(request, "_page_cache_query", {})
                    shape = {"version": version, "expires": time.time() + seconds, "parameters": parameters}
                    cache.set(query_key(request), shape, seconds)
                allow_shared_caches(response, seconds)
        return response

    def key_for(self, request, response):
        """Where this response is kept: under its path and the query it used, or once per language for
        "page not found" (the 404 that offers the English page names a page, so it is kept by path)."""
        if response.status_code == 404 and getattr(request, "_page_cache_not_found", False):
            return not_found_key(request)
        query = rendered_query(request)
        return None if query is None else entry_key(request, query)

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

    def store(self, key, version, response, seconds, **extra):
        content = response.content
        headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
        entry = {
            "version": version,
            "expires": time.time() + seconds,
            "status": response.status_code,
            "headers": headers,
            "content": content,
            "gzip": compressed_copy(content),
            **extra,
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

    # A model of a content app that never shows on a page says so (the spam layers' counters,
    # written by every new client's form post, would otherwise empty the cache each time).
    if not getattr(model, "shown_on_public_pages", True):
        return False
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


def on_migrate(sender, **kwargs):
    # An update of the code ends with `migrate` (README, "An update"): what the old code rendered (pages,
    # fragments such as a blank form's questions) must not be served by new code whose templates or
    # forms differ, for as long as it would otherwise be kept.
    bump_content_version()


def connect_signals():
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    post_save.connect(on_model_change, dispatch_uid="page_cache_post_save")
    post_delete.connect(on_model_change, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(on_m2m_change, dispatch_uid="page_cache_m2m")
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(on_page_event, dispatch_uid=f"page_cache_{id(signal)}")
    post_migrate.connect(on_migrate, sender=apps.get_app_config("website"), dispatch_uid="page_cache_migrate")


def on_m2m_change(sender, instance=None, **kwargs):
    if instance is not None and affects_public_pages(type(instance)):
        content_changed()
