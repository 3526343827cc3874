from django.apps import AppConfig


class NucleoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nucleo"
    verbose_name = "Núcleo: usuarios, territorio e instituciones"

    def ready(self) -> None:
        from nucleo import checks, historial, otp, paneles, salud  # noqa: F401  (receivers, panels)
        from nucleo.cache import conectar
        from nucleo.permissions import ACCESOS
        from nucleo.registro import Enlace, registrar_accesos, registrar_enlace

        conectar()
        registrar_accesos(ACCESOS)
        from nucleo.personas import tasks  # noqa: F401  (registers the invitation e-mail task)
        from nucleo.personas.permissions import ACCESOS as ACCESOS_PERSONAS
        from nucleo.personas.permissions import GESTORES_PERSONAS

        registrar_accesos(ACCESOS_PERSONAS)
        registrar_enlace(
            Enlace(
                "Personas",
                "nucleo:persona_list",
                lambda alcance: alcance.tiene_rol(*GESTORES_PERSONAS),
                orden=90,
                secundario=True,
            )
        )

        registrar_enlace(Enlace("Inicio", "nucleo:inicio", lambda alcance: True, orden=0))
