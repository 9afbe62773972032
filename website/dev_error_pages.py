"""Development only (website.settings.dev): the site's own 404 and 500 pages while DEBUG is on.

With DEBUG, Django answers a page not found or a crash with its technical pages, so under `make run`
nobody could see the translated 404 that tells a reader a page exists in English only, nor the 500.
This middleware hands both to the URLconf's handler404 and handler500, exactly as production does,
and logs the crash with its traceback on the console as Django would. PermissionDenied, BadRequest
and SuspiciousOperation keep Django's own handling.
"""

import logging

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import get_resolver, get_urlconf

request_logger = logging.getLogger("django.request")


def error_handler(status):
    return get_resolver(get_urlconf()).resolve_error_handler(status)


class SiteErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.resolver_match is None:
            # No URL matched: Django already rendered its technical 404 before any view ran.
            return error_handler(404)(request, Http404(request.path))
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return error_handler(404)(request, exception)
        if isinstance(exception, PermissionDenied | BadRequest | SuspiciousOperation):
            return None
        # Called inside Django's `except` block, so handler500 sees the exception (a database error
        # becomes the 503 page) and the log gets the traceback.
        request_logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        response = error_handler(500)(request)
        response._has_been_logged = True  # Django would log it again, without the traceback
        return response
