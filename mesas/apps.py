from django.apps import AppConfig


class MesasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mesas"
    verbose_name = "Mesas intersectoriales"

    def ready(self) -> None:
        from mesas.permissions import ACCESOS
        from nucleo.registro import registrar_accesos

        registrar_accesos(ACCESOS)
