from django.apps import AppConfig


class MesasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mesas"
    verbose_name = "Mesas intersectoriales"
