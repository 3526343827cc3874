from django.apps import AppConfig


class OmilConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "omil"
    verbose_name = "OMIL y planes comunales"

    def ready(self) -> None:
        from nucleo.registro import Enlace, registrar_accesos, registrar_enlace
        from omil import paneles, publico  # noqa: F401  (home panels, OMIL card of /oferta/)
        from omil.permissions import ACCESOS

        registrar_accesos(ACCESOS)
        registrar_enlace(
            Enlace(
                "Planes comunales",
                "omil:plan_list",
                visible=lambda a: (
                    a.es_sence() or a.es_omil() or a.es_representante() or a.es_autoridad()
                ),
                orden=30,
            )
        )
        registrar_enlace(
            Enlace(
                "Oferta programática",
                "omil:programa_list",
                visible=lambda a: not a.vacio,
                orden=60,
                secundario=True,
            )
        )
        registrar_enlace(
            Enlace(
                "Directorio",
                "omil:directorio",
                visible=lambda a: not a.vacio,
                orden=70,
                secundario=True,
            )
        )
