from informes.permissions import ROLES_INFORMES
from informes.selectors import informes_visibles
from nucleo.alcance import Alcance
from nucleo.registro import Panel, registrar_panel


@registrar_panel
def panel_informes(usuario, alcance: Alcance) -> Panel | None:
    if not alcance.tiene_rol(*ROLES_INFORMES):
        return None
    return Panel(
        titulo="Informes de evaluación",
        template="informes/paneles/informes.html",
        contexto={"informes": list(informes_visibles(usuario)[:5])},
        orden=80,
        ancho="col-lg-6",
    )
