"""Every write of the app. Keyword-only, atomic, validated; e-mail goes through tasks on commit."""

from empresas.services.empresas import (  # noqa: F401
    CAMPOS_EMPRESA,
    empresa_actualizar,
    empresa_crear,
)
from empresas.services.encuentros import (  # noqa: F401
    CAMPOS_ENCUENTRO,
    encuentro_actualizar,
    encuentro_crear,
    encuentro_invitar_empresas,
    participacion_cambiar_estado,
)
from empresas.services.importacion import (  # noqa: F401
    importacion_analizar,
    importacion_confirmar,
    importacion_leer,
    importacion_subir,
    importaciones_limpiar,
)
from empresas.services.solicitudes import (  # noqa: F401
    solicitud_aceptar,
    solicitud_descartar,
    solicitud_recibir,
)
from empresas.services.visitas import (  # noqa: F401
    PROPOSITO_INVITACION,
    VIGENCIA_ENLACE,
    acuerdo_cambiar_estado,
    invitacion_desde_enlace,
    invitacion_enlaces,
    invitacion_responder,
    invitacion_token,
    invitaciones_recordar,
    visita_actualizar,
    visita_planificar,
    visita_registrar_resultado,
    visita_suspender,
)
