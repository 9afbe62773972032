from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Website")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, page_cache, renditions, request_memo  # noqa: F401 - checks register themselves

        # Any change that may show on a public page empties the page cache and the layout cache.
        page_cache.connect_signals()
        request_memo.install()
        renditions.connect_signals()
