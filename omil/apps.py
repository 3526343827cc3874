from django.apps import AppConfig


class OmilConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "omil"
    verbose_name = "OMIL y planes comunales"

    def ready(self) -> None:
        from nucleo.registro import registrar_accesos
        from omil.permissions import ACCESOS

        registrar_accesos(ACCESOS)
