from django.apps import AppConfig


class VacanciesConfig(AppConfig):
    name = "vacancies"
    default_auto_field = "django.db.models.BigAutoField"
