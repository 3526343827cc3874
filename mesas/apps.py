from django.apps import AppConfig


class MesasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mesas"
    verbose_name = "Mesas intersectoriales"

    def ready(self) -> None:
        from mesas import paneles  # noqa: F401  (registers the home panels)
        from mesas.permissions import ACCESOS, PANORAMA
        from nucleo.registro import Enlace, registrar_accesos, registrar_enlace, registrar_eventos

        registrar_accesos(ACCESOS)
        registrar_enlace(
            Enlace("Mesas", "mesas:mesa_list", visible=lambda a: not a.vacio, orden=10)
        )
        registrar_enlace(
            Enlace("Calendario", "mesas:calendario", visible=lambda a: not a.vacio, orden=12)
        )
        registrar_enlace(
            Enlace("Acuerdos", "mesas:acuerdo_list", visible=lambda a: not a.vacio, orden=14)
        )
        registrar_enlace(
            Enlace(
                "Panorama regional",
                "mesas:panorama",
                visible=lambda a: a.tiene_rol(*PANORAMA),
                orden=16,
                secundario=True,
            )
        )
        registrar_eventos(_eventos_de_sesiones)
        from mesas.services import reasignacion
        from mesas.services.alta_region import mesa_regional_alta
        from nucleo.registro import Reasignacion, registrar_alta_region, registrar_reasignacion

        registrar_alta_region(mesa_regional_alta)
        from mesas.services.autoridades import al_cambiar_membresia
        from nucleo.registro import registrar_al_cambiar_membresia

        registrar_al_cambiar_membresia(al_cambiar_membresia)

        registrar_reasignacion(
            Reasignacion(
                "acuerdos abiertos a su cargo",
                reasignacion.acuerdos_abiertos_contar,
                reasignacion.acuerdos_reasignar,
            )
        )


def _eventos_de_sesiones(usuario, alcance, desde, hasta):
    from mesas.ics import evento_de_sesion
    from mesas.selectors import sesiones_visibles

    # An event needs the session, its mesa's name and the zone of the mesa's comuna.
    sesiones = (
        sesiones_visibles(usuario)
        .select_related(None)
        .select_related("mesa", "mesa__comuna")
        .filter(inicio__gte=desde, inicio__lt=hasta)
    )
    return [evento_de_sesion(s) for s in sesiones.order_by("inicio")]
