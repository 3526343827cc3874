"""Who may open each informes URL. Reports of a region: its director and articulador(es)."""

from nucleo.alcance import alcance_de
from nucleo.models import Rol
from nucleo.registro import PUBLICO

ROLES_INFORMES = frozenset({Rol.DIRECTOR, Rol.ARTICULADOR})

ACCESOS = {
    "informes:informe_list": ROLES_INFORMES,
    "informes:informe_create": ROLES_INFORMES,
    "informes:informe_detail": ROLES_INFORMES,
    "informes:informe_fila": ROLES_INFORMES,
    "informes:informe_pdf": ROLES_INFORMES,
    "informes:informe_excel": ROLES_INFORMES,
    # Open data (informes.publico): anyone, no login.
    "datos_abiertos:region": PUBLICO,
    "datos_abiertos:archivo": PUBLICO,
}


def regiones_de_informes(usuario) -> set[str]:
    return alcance_de(usuario).regiones_sence(*ROLES_INFORMES)


def puede_solicitar_informe(usuario, region_id: str) -> bool:
    return region_id in regiones_de_informes(usuario)
