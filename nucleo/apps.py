from django.apps import AppConfig


class NucleoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nucleo"
    verbose_name = "Núcleo: usuarios, territorio e instituciones"

    def ready(self) -> None:
        from nucleo import checks, historial, otp, paneles  # noqa: F401  (receivers, panels)
        from nucleo.cache import conectar
        from nucleo.permissions import ACCESOS
        from nucleo.registro import Enlace, registrar_accesos, registrar_enlace

        conectar()
        registrar_accesos(ACCESOS)

        registrar_enlace(Enlace("Inicio", "nucleo:inicio", lambda alcance: True, orden=0))
