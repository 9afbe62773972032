"""Response headers that protect readers, on top of Django's SecurityMiddleware."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


def is_admin_path(path):
    return path.startswith(f"/{settings.ADMIN_PATH}/")


class AdminAwareCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, except Wagtail's admin, which ships inline scripts and styles.

    Workaround for an upstream gap: Wagtail's admin does not run under a script-src without
    'unsafe-inline'. Only the admin's own path gets the looser policy; public pages never do.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request.path) and parts.config is None:
            return PolicyParts(
                settings.ADMIN_CONTENT_SECURITY_POLICY, parts.update, parts.replace, parts.nonce
            )
        return parts


# Browsers send "Origin: null" with a form POST from a page whose policy is no-referrer (Fetch
# standard, "append a request Origin header"), and Django's CSRF check then refuses the POST. Pages
# that post forms use same-origin instead: it still sends nothing to any other site.
FORM_REFERRER_POLICY = "same-origin"


class SafetyHeadersMiddleware:
    """Onion-Location when an onion address is configured; the admin is never cached and can post."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        onion = settings.ONION_ADDRESS
        if onion and not is_admin_path(request.path):
            response["Onion-Location"] = f"http://{onion.removeprefix('http://')}{request.get_full_path()}"
        if is_admin_path(request.path):
            response.setdefault("Cache-Control", "no-store")
            response["Referrer-Policy"] = FORM_REFERRER_POLICY
        return response
