from django.apps import AppConfig


class ConveniosConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "convenios"
    verbose_name = "Convenios"

    def ready(self) -> None:
        from convenios.permissions import ACCESOS
        from nucleo.registro import registrar_accesos

        registrar_accesos(ACCESOS)
