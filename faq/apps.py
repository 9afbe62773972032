from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "faq"
    default_auto_field = "django.db.models.BigAutoField"
