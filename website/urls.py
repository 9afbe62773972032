import os

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from website import health, routing, views

handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"

urlpatterns = [
    # Before Wagtail's admin: the two-step sign-in replaces its sign-in page (accounts/signin.py).
    path(f"{settings.ADMIN_PATH}/", include("accounts.urls")),
    path(f"{settings.ADMIN_PATH}/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("exit/", views.quick_exit, name="quick_exit"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    # For the proxy and monitoring; exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT).
    path("healthz/", health.healthz, name="healthz"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if os.environ.get("BENCH_CEILING_VIEW") == "1":
    # `make bench` only: the ceiling of this stack, a bare view through the whole middleware stack.
    from website import bench_views

    urlpatterns.append(path("bench/ceiling/", bench_views.ceiling))

# Every public page carries its language in the URL (/en/…, /ar/…); "/" redirects by Accept-Language.
urlpatterns += i18n_patterns(
    # Before Wagtail's catch-all, which would otherwise look for a page with the slug "search".
    path("search/", views.search, name="search"),
    # The newsletter's signup post and signed links (confirm, manage, one-click unsubscribe).
    path("subscription/", include("newsletter.urls")),
    # Wagtail's own patterns, its pages served through website.routing (the pages on the way read at once).
    *[pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    prefix_default_language=True,
)
