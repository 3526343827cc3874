from django.apps import AppConfig


class EmpresasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "empresas"
    verbose_name = "Red de Empleadores"

    def ready(self) -> None:
        from empresas import paneles, publico  # noqa: F401  (home panels, /oferta/ encuentros)
        from empresas.calendario import eventos_de_empresas
        from empresas.permissions import ACCESOS, LECTORES, ROLES_GESTION_SENCE
        from nucleo.registro import Enlace, registrar_accesos, registrar_enlace, registrar_eventos

        registrar_accesos(ACCESOS)
        registrar_eventos(eventos_de_empresas)
        from empresas.services import reasignacion
        from nucleo.registro import Reasignacion, registrar_reasignacion

        registrar_reasignacion(
            Reasignacion(
                "visitas a empresas planificadas",
                reasignacion.visitas_planificadas_contar,
                reasignacion.visitas_reasignar,
            )
        )
        registrar_enlace(
            Enlace(
                "Red de Empleadores",
                "empresas:empresa_list",
                lambda a: a.tiene_rol(*LECTORES),
                orden=40,
            )
        )
        # Companies' requests for a joint visit (the public form) reach SENCE's managers.
        registrar_enlace(
            Enlace(
                "Solicitudes de empresas",
                "empresas:solicitud_list",
                lambda a: a.tiene_rol(*ROLES_GESTION_SENCE),
                orden=42,
            )
        )
        # The communal authority reads its comuna's visits, not the company network.
        registrar_enlace(
            Enlace(
                "Visitas a empresas",
                "empresas:visita_list",
                lambda a: a.es_autoridad() and not a.tiene_rol(*LECTORES),
                orden=41,
            )
        )
