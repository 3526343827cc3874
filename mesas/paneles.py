"""The mesas app's home page panels."""

from mesas import selectors
from mesas.permissions import PANORAMA
from nucleo.alcance import Alcance
from nucleo.models import Rol
from nucleo.registro import Panel, registrar_panel


@registrar_panel
def panel_invitaciones_sesiones(usuario, alcance: Alcance) -> Panel | None:
    """The user's own unanswered invitations (only when there are some)."""
    pendientes = list(selectors.invitaciones_pendientes(usuario)[:5]) if not alcance.vacio else []
    if not pendientes:
        return None
    return Panel(
        titulo="Invitaciones a sesiones sin responder",
        template="mesas/paneles/invitaciones.html",
        contexto={"pendientes": pendientes},
        orden=19,
        ancho="col-lg-6",
    )


@registrar_panel(compartido=True)
def panel_proximas_sesiones(usuario, alcance: Alcance) -> Panel | None:
    if alcance.vacio:
        return None
    return Panel(
        titulo="Próximas sesiones",
        template="mesas/paneles/proximas.html",
        contexto={
            "sesiones": selectors.proximas_sesiones(usuario, limite=6),
            "n_mesas": selectors.mesas_visibles(usuario).filter(activa=True).count(),
            "puede_gestionar": alcance.tiene_rol(Rol.ARTICULADOR) or alcance.es_omil(),
        },
        orden=20,
        ancho="col-lg-6",
    )


@registrar_panel(compartido=True)
def panel_panorama(usuario, alcance: Alcance) -> list[Panel] | None:
    paneles = []
    for filas, _ in selectors.panoramas(sorted(alcance.regiones_sence(*PANORAMA))):
        paneles.append(
            Panel(
                titulo="Mesas comunales de la región",
                template="mesas/paneles/panorama.html",
                contexto={
                    "filas": filas,
                    "atrasadas": [f for f in filas if f.nivel != "ok"][:6],
                    "al_dia": sum(1 for f in filas if f.nivel == "ok"),
                },
                orden=25,
                ancho="col-lg-6",
            )
        )
    return paneles
