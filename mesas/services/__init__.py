"""Every write of the mesas app. Keyword-only, validated, atomic; e-mail goes through tasks."""

from mesas.services.acuerdos import (  # noqa: F401
    acuerdo_cumplir,
    acuerdo_registrar,
    acuerdos_vencer,
)
from mesas.services.calendario import (  # noqa: F401
    calendario_token_asegurar,
)
from mesas.services.invitaciones import (  # noqa: F401
    DIAS_INVITACION,
    PROPOSITO_INVITACION,
    VIGENCIA_MAXIMA_ENLACE,
    actualizacion_enviar,
    asistencia_registrar,
    asistencia_responder,
    enlace_respuesta,
    invitaciones_enviar,
    leer_enlace,
    recordatorio_enviar,
    recordatorio_minuta_enviar,
)
from mesas.services.mesas import (  # noqa: F401
    integrante_agregar,
    integrante_quitar,
    mesa_actualizar,
    mesa_crear,
    nombre_de_mesa,
)
from mesas.services.minutas import (  # noqa: F401
    minuta_eliminar,
    minuta_restaurar,
    minuta_subir,
)
from mesas.services.series import (  # noqa: F401
    serie_crear,
    serie_modificar_restantes,
    serie_terminar,
)
from mesas.services.sesiones import (  # noqa: F401
    punto_agregar,
    punto_mover,
    punto_quitar,
    sesion_actualizar,
    sesion_programar,
    sesion_suspender,
)
