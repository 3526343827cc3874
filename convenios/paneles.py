"""Home page panel: convenios of the region that expire within 90 days (SENCE managers)."""

from django.utils import timezone

from convenios import selectors
from convenios.permissions import GESTORES
from nucleo.alcance import Alcance
from nucleo.registro import Panel, registrar_panel


@registrar_panel(compartido=True)
def panel_vencimientos(usuario, alcance: Alcance) -> Panel | None:
    regiones = alcance.regiones_sence(*GESTORES)
    if not regiones:
        return None
    convenios = list(selectors.por_vencer(regiones, hoy=timezone.localdate(), dias=90))
    return Panel(
        titulo="Convenios por vencer (90 días)",
        template="convenios/paneles/vencimientos.html",
        contexto={"convenios": convenios},
        orden=15,
        ancho="col-lg-6",
    )
