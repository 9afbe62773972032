"""Site-wide views: quick exit, robots.txt, and the 404/500 pages in the reader's language."""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Site

from .models import SafetySettings

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@never_cache
@require_GET
def quick_exit(request):
    """Leave at once: the browser drops this site's cache, cookies and storage and opens a neutral site."""
    language = request.GET.get("lang", "")
    if language not in LANGUAGE_CODES:
        language = translation.get_language_from_request(request, check_path=False)
    safety = SafetySettings.for_request(request)
    response = HttpResponseRedirect(safety.exit_url_for(language))
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


def robots_txt(request):
    # The admin's path is deliberately not named here: robots.txt is public.
    return HttpResponse("User-agent: *\nDisallow: /exit/\n", content_type="text/plain")


def find_source_page(request, path):
    """The page at `path` in the default language, if it exists there and is public."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [part for part in path.split("/") if part]
    try:
        route = site.root_page.specific.route(request, components)
    except Http404:
        return None
    page = route.page
    if not page.live or page.get_view_restrictions().exists():
        return None
    return page


def page_not_found(request, exception=None):
    """A 404 in the reader's language; if the page exists in English only, say so and offer it."""
    language = translation.get_language_from_path(request.path_info)
    source_page = None
    if language and language != settings.LANGUAGE_CODE:
        translation.activate(language)
        path = request.path_info.removeprefix(f"/{language}/")
        source_page = find_source_page(request, path)
    context = {"source_page": source_page}
    if source_page is not None:
        context["source_language"] = translation.get_language_info(source_page.locale.language_code)
    return render(request, "404.html", context, status=404)


def server_error(request):
    """A 500 that needs neither the database nor a request context, in the reader's language."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        body = loader.get_template("500.html").render(
            {
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "home_url": f"/{language}/",
            }
        )
    return HttpResponse(body, status=500)
