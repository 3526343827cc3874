from django.apps import AppConfig


class InformesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "informes"
    verbose_name = "Informes de evaluación"

    def ready(self) -> None:
        from informes.permissions import ACCESOS
        from nucleo.registro import registrar_accesos

        registrar_accesos(ACCESOS)
