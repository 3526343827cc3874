"""Mesas intersectoriales: the regional and communal tables, their sessions (single or monthly
series), agenda, attendance, minutes (versioned) and agreements."""

from mesas.models.mesas import (  # noqa: F401
    DIAS_MINUTA_A_TIEMPO,
    Integrante,
    Mesa,
    Poblacion,
)
from mesas.models.minutas import (  # noqa: F401
    UN_SOLO_DOCUMENTO,
    Acuerdo,
    Minuta,
    MinutasVigentes,
)
from mesas.models.sesiones import (  # noqa: F401
    Asistencia,
    PuntoTabla,
    Serie,
    Sesion,
    TipoSesion,
)
