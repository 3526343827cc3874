"""Home page panels of the Red de Empleadores."""

from django.utils import timezone

from empresas import selectors
from empresas.permissions import EDITORES
from empresas.selectors.indicadores import resumen_red
from nucleo.alcance import Alcance
from nucleo.models import ROLES_SENCE
from nucleo.registro import Panel, registrar_panel


@registrar_panel(compartido=True)
def panel_red_de_empleadores(usuario, alcance: Alcance) -> Panel | None:
    if not (alcance.tiene_rol(*ROLES_SENCE) or alcance.comunas_omil()):
        return None
    ahora = timezone.now()
    return Panel(
        titulo="Red de Empleadores",
        template="empresas/paneles/red.html",
        contexto={
            "visitas": selectors.proximas_visitas(usuario, ahora),
            "resumen": resumen_red(usuario, ahora),
            "puede_planificar": alcance.tiene_rol(*EDITORES),
        },
        orden=30,
        ancho="col-lg-6",
    )


@registrar_panel
def panel_invitaciones(usuario, alcance: Alcance) -> Panel | None:
    if not alcance.instituciones_servicio():
        return None
    invitaciones = list(selectors.invitaciones_pendientes(usuario, timezone.now())[:8])
    return Panel(
        titulo="Visitas a empresas por confirmar",
        template="empresas/paneles/invitaciones.html",
        contexto={"invitaciones": invitaciones},
        htmx=bool(invitaciones),  # each invitation is answered in place
        orden=5,
        ancho="col-lg-6",
    )
