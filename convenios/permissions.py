"""Who may open each URL of this app (see nucleo.registro). Object scope lives in selectors.

SENCE's articulador and director manage the region's convenios; the ejecutivo reads them; a
service representative reads the convenios their office is party to; OMIL users have no access.
"""

from nucleo.alcance import alcance_de
from nucleo.models import ROLES_SENCE, Rol
from nucleo.registro import AUTENTICADO, FIRMADO, PUBLICO  # noqa: F401

GESTORES = frozenset({Rol.ARTICULADOR, Rol.DIRECTOR})
LECTORES = ROLES_SENCE | {Rol.REPRESENTANTE}

ACCESOS: dict = {
    "convenios:convenio_list": LECTORES,
    "convenios:convenio_export": LECTORES,
    "convenios:convenio_detail": LECTORES,
    "convenios:convenio_create": GESTORES,
    "convenios:convenio_edit": GESTORES,
    "convenios:convenio_descargar": LECTORES,
    "convenios:convenio_historial": LECTORES,
}


def puede_gestionar_convenio(usuario, convenio) -> bool:
    return alcance_de(usuario).tiene_rol(*GESTORES, region=convenio.oficina_sence.region_id)


def puede_crear_convenio_en(usuario, region_id: str) -> bool:
    return alcance_de(usuario).tiene_rol(*GESTORES, region=region_id)


def regiones_que_gestiona(usuario) -> set[str]:
    return alcance_de(usuario).regiones_sence(*GESTORES)
