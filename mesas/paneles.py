"""The mesas app's home page panels."""

from django.utils import timezone

from mesas import selectors
from mesas.models import Mesa
from mesas.permissions import PANORAMA
from nucleo.alcance import Alcance
from nucleo.registro import Panel, registrar_panel


@registrar_panel
def panel_proximas_sesiones(usuario, alcance: Alcance) -> Panel | None:
    if alcance.vacio:
        return None
    mesas = list(selectors.mesas_visibles(usuario).filter(activa=True))
    return Panel(
        titulo="Próximas sesiones",
        template="mesas/paneles/proximas.html",
        contexto={
            "sesiones": selectors.proximas_sesiones(usuario, limite=6),
            "pendientes": list(selectors.invitaciones_pendientes(usuario)[:5]),
            "mesas": mesas if len(mesas) <= 3 else [],
            "n_mesas": len(mesas),
            "puede_gestionar": alcance.tiene_rol("articulador") or alcance.es_omil(),
        },
        orden=20,
        ancho="col-lg-6",
    )


@registrar_panel
def panel_panorama(usuario, alcance: Alcance) -> list[Panel] | None:
    regiones = sorted(alcance.regiones_sence(*PANORAMA))
    if not regiones:
        return None
    paneles = []
    for region in regiones:
        filas = selectors.panorama_regional(region)
        paneles.append(
            Panel(
                titulo="Mesas comunales de la región",
                template="mesas/paneles/panorama.html",
                contexto={
                    "filas": filas,
                    "atrasadas": [f for f in filas if f.nivel != "ok"][:6],
                    "al_dia": sum(1 for f in filas if f.nivel == "ok"),
                    "hoy": timezone.localdate(),
                    "hay_regional": Mesa.objects.filter(region_id=region, tipo="regional").exists(),
                },
                orden=25,
                ancho="col-lg-6",
            )
        )
    return paneles
