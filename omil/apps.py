from django.apps import AppConfig


class OmilConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "omil"
    verbose_name = "OMIL y planes comunales"
