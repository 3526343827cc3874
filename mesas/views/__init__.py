"""Thin views: scope (selectors, 404) -> permission (403) -> form -> one service -> response."""

from mesas.views.acuerdos import (  # noqa: F401
    acuerdo_create,
    acuerdo_cumplir,
    acuerdo_historial,
    acuerdo_list,
)
from mesas.views.calendario import (  # noqa: F401
    calendario,
    calendario_feed,
    calendario_token,
)
from mesas.views.invitaciones import (  # noqa: F401
    asistencia_responder,
    invitacion,
)
from mesas.views.mesas import (  # noqa: F401
    integrante_add,
    integrante_remove,
    mesa_asistencia,
    mesa_create,
    mesa_detail,
    mesa_list,
    mesa_update,
)
from mesas.views.minutas import (  # noqa: F401
    minuta_create,
    minuta_download,
    minuta_eliminar,
    minuta_historial,
    minuta_pdf,
    minuta_restaurar,
)
from mesas.views.panorama import (  # noqa: F401
    panorama,
)
from mesas.views.series import (  # noqa: F401
    serie_create,
    serie_detail,
    serie_end,
    serie_preview,
    serie_update,
)
from mesas.views.sesiones import (  # noqa: F401
    PREVIOS_EN_SESION,
    punto_add,
    punto_delete,
    punto_move,
    sesion_asistencia,
    sesion_create,
    sesion_detail,
    sesion_ics,
    sesion_suspend,
    sesion_update,
)
