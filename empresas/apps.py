from django.apps import AppConfig


class EmpresasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "empresas"
    verbose_name = "Red de Empleadores"

    def ready(self) -> None:
        from empresas.permissions import ACCESOS
        from nucleo.registro import registrar_accesos

        registrar_accesos(ACCESOS)
