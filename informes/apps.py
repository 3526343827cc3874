from django.apps import AppConfig


class InformesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "informes"
    verbose_name = "Informes de evaluación"

    def ready(self) -> None:
        from informes import paneles, publico  # noqa: F401  (home panel, open data section)
        from informes.permissions import ACCESOS, ROLES_INFORMES
        from nucleo.registro import Enlace, registrar_accesos, registrar_enlace

        registrar_accesos(ACCESOS)
        registrar_enlace(
            Enlace(
                "Informes",
                "informes:informe_list",
                lambda alcance: alcance.tiene_rol(*ROLES_INFORMES),
                orden=90,
            )
        )
