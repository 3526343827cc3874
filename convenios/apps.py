from django.apps import AppConfig


class ConveniosConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "convenios"
    verbose_name = "Convenios"

    def ready(self) -> None:
        from convenios import paneles  # noqa: F401  (registers the home panel)
        from convenios.permissions import ACCESOS
        from nucleo.registro import Enlace, registrar_accesos, registrar_enlace

        registrar_accesos(ACCESOS)
        registrar_enlace(
            Enlace(
                "Convenios",
                "convenios:convenio_list",
                visible=lambda a: a.es_sence() or a.es_representante(),
                orden=40,
            )
        )
