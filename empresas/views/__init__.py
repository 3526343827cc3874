"""Thin views: scope (selectors) -> form -> one service -> render or redirect."""

from empresas.views.empresas import (  # noqa: F401
    empresa_create,
    empresa_detail,
    empresa_list,
    empresa_update,
)
from empresas.views.encuentros import (  # noqa: F401
    encuentro_create,
    encuentro_detail,
    encuentro_empresas,
    encuentro_list,
    encuentro_update,
    participacion_estado,
)
from empresas.views.importacion import (  # noqa: F401
    importar,
    importar_previa,
    plantilla_importacion,
)
from empresas.views.solicitudes import (  # noqa: F401
    solicitud_descartar,
    solicitud_detail,
    solicitud_enviada,
    solicitud_list,
    solicitud_visita,
)
from empresas.views.visitas import (  # noqa: F401
    acuerdo_cumplir,
    invitacion_enlace,
    invitacion_responder,
    visita_create,
    visita_detail,
    visita_historial,
    visita_list,
    visita_resultado,
    visita_suspender,
    visita_update,
)
