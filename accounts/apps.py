from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Staff accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import audit, checks, roles  # noqa: F401 - checks registers the deploy check

        audit.connect()
        roles.connect()
