from django.apps import AppConfig


class InformesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "informes"
    verbose_name = "Informes de evaluación"
