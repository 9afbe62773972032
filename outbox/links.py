"""Links in mail: always on the deployment's one public address (settings.PUBLIC_BASE_URL).

Never on the Host of the request that caused the mail (a client chooses it) nor on the Wagtail Site
record (its hostname is whatever an editor or the demo left there, `localhost` by default).
"""

from urllib.parse import urlsplit

from django.conf import settings


def public_url(path_or_url):
    """The absolute public URL of a path on this site; an absolute URL keeps only its path and query."""
    if not path_or_url:
        return ""
    parts = urlsplit(path_or_url)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def page_public_url(page):
    """A live page's public URL, whatever Site record serves it; "" when the page is not live."""
    if page is None or not page.live:
        return ""
    parts = page.get_url_parts()
    if parts is None:
        return ""
    _site_id, _root_url, page_path = parts
    return public_url(page_path)
