"""Monthly rules written in plain Spanish ("último jueves de cada mes, 10:00", "primer martes",
"día 15 a las 3 de la tarde") turned into dateutil rrules, and the dates they yield in the
zone of the place, flagged with its region's holidays and the mesa's existing sessions."""

from mesas.reglas.fechas import (  # noqa: F401
    MAXIMO_OCURRENCIAS,
    MESES,
    ZONA,
    Ocurrencia,
    construir_rrule,
    dias_del_mes,
    en_chile,
    feriado,
    meses_sin_el_dia,
    ocurrencias,
    rrule_texto,
    siguiente_dia_habil,
    zona_de_mesa,
)
from mesas.reglas.interpretacion import (  # noqa: F401
    DIAS,
    EJEMPLOS,
    NOMBRE_DIA,
    NOMBRE_ORDINAL,
    ORDINALES,
    Regla,
    interpretar,
)
from nucleo.territorio import ZONA_POR_DEFECTO  # noqa: F401  (reglas.ZONA_POR_DEFECTO)

__all__ = [
    "MAXIMO_OCURRENCIAS",
    "ZONA",
    "Ocurrencia",
    "Regla",
    "en_chile",
    "feriado",
    "interpretar",
    "meses_sin_el_dia",
    "ocurrencias",
    "rrule_texto",
    "siguiente_dia_habil",
    "zona_de_mesa",
]
