from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    name = "forms"
    verbose_name = _("Inboxes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import revocation
        from .admin_password import use_inbox_key_password_form

        use_inbox_key_password_form()
        revocation.connect()
