"""Reading a monthly rule written in plain Spanish ("último jueves de cada mes, 10:00",
"primer martes", "día 15 a las 3 de la tarde") into a `Regla`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import time

from dateutil.rrule import FR, MO, SA, SU, TH, TU, WE
from django.core.exceptions import ValidationError

DIAS = {
    "lunes": MO,
    "martes": TU,
    "miercoles": WE,
    "jueves": TH,
    "viernes": FR,
    "sabado": SA,
    "domingo": SU,
}


NOMBRE_DIA = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]


ORDINALES = {
    "primer": 1,
    "primero": 1,
    "primera": 1,
    "1er": 1,
    "1": 1,
    "segundo": 2,
    "segunda": 2,
    "2do": 2,
    "2": 2,
    "tercer": 3,
    "tercero": 3,
    "tercera": 3,
    "3er": 3,
    "3": 3,
    "cuarto": 4,
    "cuarta": 4,
    "4to": 4,
    "4": 4,
    "ultimo": -1,
    "ultima": -1,
    "penultimo": -2,
    "penultima": -2,
}


NOMBRE_ORDINAL = {
    1: "primer",
    2: "segundo",
    3: "tercer",
    4: "cuarto",
    -1: "último",
    -2: "penúltimo",
}


EJEMPLOS = (
    "«último jueves de cada mes, 10:00», «primer martes a las 3 de la tarde», "
    "«día 15 a las 9:30», «último día del mes, mediodía»"
)


@dataclass(frozen=True)
class Regla:
    """A parsed rule: an nth weekday or a day of the month (-1: the last day), maybe a time."""

    dia_semana: int | None = None  # 0 = lunes
    ordinal: int | None = None
    dia_mes: int | None = None
    hora: time | None = None

    def describir(self) -> str:
        if self.dia_mes == -1:
            texto = "último día de cada mes"
        elif self.dia_mes:
            texto = f"día {self.dia_mes} de cada mes"
        else:
            texto = f"{NOMBRE_ORDINAL[self.ordinal]} {NOMBRE_DIA[self.dia_semana]} de cada mes"
        return f"{texto}, {self.hora:%H:%M}" if self.hora else texto


def _normalizar(texto: str) -> str:
    sin_tildes = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    limpio = sin_tildes.lower()
    # "p.m." / "a. m." -> "pm" / "am" before anything else reads the dots.
    limpio = re.sub(r"\b([ap])\.?\s?m\b\.?", r"\1m", limpio)
    return re.sub(r"\s+", " ", limpio).strip()


_A_LAS = r"(?:\b(?:a|desde) (?:las|la) )?"


_HH_MM = r"(\d{1,2})(?:[:.h](\d{2}))?"


_SUFIJO = r"(?:\s*(?:hrs|hr|horas|hora|h)\b\.?)?"


# Each way people write a time, most specific first: (pattern, meridiem from the match).
_HORAS = [
    (re.compile(r"\b(?:a |al |a el )?medio ?dia\b"), "mediodia"),
    (re.compile(_A_LAS + r"\b" + _HH_MM + r"\s*(am|pm)\b"), "ampm"),
    (
        re.compile(
            _A_LAS + r"\b" + _HH_MM + _SUFIJO + r"\s*(?:de la|en la|por la) (manana|tarde|noche)\b"
        ),
        "parte",
    ),
    (re.compile(_A_LAS + r"\b(\d{1,2})[:.](\d{2})\b" + _SUFIJO), None),
    (re.compile(_A_LAS + r"\b(\d{1,2})h(\d{2})\b" + _SUFIJO), None),
    (re.compile(_A_LAS + r"\b(\d{1,2})()\s*(?:hrs|hr|horas|h)\b\.?"), None),
    (re.compile(r"\b(?:a|desde) las? (\d{1,2})()\b(?! de cada| del)"), None),
    (re.compile(r",\s*(\d{1,2})()\s*$"), None),
]


_RELLENO = {"de", "cada", "mes", "meses", "del", "el", "la", "los", "las", "todos", "en", "mensual"}


def _hora_desde(m: re.Match, tipo: str | None) -> time:
    if tipo == "mediodia":
        return time(12, 0)
    horas, minutos = int(m.group(1)), int(m.group(2) or 0)
    if tipo == "ampm":
        if not 1 <= horas <= 12:
            raise ValidationError(
                f"La hora «{m.group(0).strip()}» no es válida: con am/pm va de 1 a 12.",
                code="hora",
            )
        horas = horas % 12 + (12 if m.group(3) == "pm" else 0)
    elif tipo == "parte":
        parte = m.group(3)
        if horas > 12:
            raise ValidationError(
                f"La hora «{m.group(0).strip()}» no es válida: «de la {parte}» va con 1 a 12.",
                code="hora",
            )
        if parte in ("tarde", "noche") and horas < 12:
            horas += 12
    if horas > 23 or minutos > 59:
        raise ValidationError("La hora no es válida (use 00:00 a 23:59).", code="hora")
    return time(horas, minutos)


def _extraer_hora(limpio: str) -> tuple[time | None, str]:
    """The time written in the rule (if any) and the rest of the text. Two times: an error."""
    encontrada = None
    for patron, tipo in _HORAS * 2:  # twice: a second time written the same way is found
        m = patron.search(limpio)
        if not m:
            continue
        if encontrada is not None:
            raise ValidationError(
                f"La regla indica más de una hora («{encontrada[1]}» y «{m.group(0).strip()}»);"
                " deje solo una.",
                code="dos_horas",
            )
        encontrada = (_hora_desde(m, tipo), m.group(0).strip(" ,"))
        limpio = (limpio[: m.start()] + " " + limpio[m.end() :]).strip(" ,")
    return (encontrada[0] if encontrada else None), limpio


def _como_se_escribio(texto: str, palabras: list[str]) -> str:
    """The words not understood, as the person typed them (accents and case kept)."""
    originales = {_normalizar(p): p for p in re.findall(r"[\w.]+", texto)}
    return ", ".join(f"«{originales.get(p, p)}»" for p in palabras)


def interpretar(texto: str) -> Regla:
    """Parses a Spanish monthly rule; raises ValidationError with a Spanish message that names
    any part it did not understand (nothing typed is silently dropped)."""
    limpio = _normalizar(texto or "")
    if not limpio:
        raise ValidationError(f"Escriba una regla, por ejemplo {EJEMPLOS}.", code="vacia")
    hora, limpio = _extraer_hora(limpio)

    palabras = re.findall(r"[a-z0-9]+", limpio)
    dia_semana = ordinal = dia_mes = None
    no_entendidas: list[str] = []
    i = 0
    while i < len(palabras):
        p = palabras[i]
        siguiente = palabras[i + 1] if i + 1 < len(palabras) else ""
        if p == "dia" and siguiente.isdigit():
            dia_mes = int(siguiente)
            if not 1 <= dia_mes <= 31:
                raise ValidationError("El día del mes debe estar entre 1 y 31.", code="dia")
            i += 2
            continue
        if p == "dia" and ordinal == -1 and dia_semana is None:
            dia_mes, ordinal = -1, None
        elif p in DIAS:
            if dia_semana is not None:
                raise ValidationError(
                    "La regla nombra más de un día de la semana; programe una serie por día.",
                    code="dos_dias",
                )
            dia_semana = list(DIAS).index(p)
        elif p in ORDINALES and ordinal is None and dia_mes is None:
            ordinal = ORDINALES[p]
        elif p not in _RELLENO:
            no_entendidas.append(p)
        i += 1
    if no_entendidas:
        raise ValidationError(
            f"No se entendió {_como_se_escribio(texto, no_entendidas)} en la regla "
            f"«{texto.strip()}». Ejemplos: {EJEMPLOS}.",
            code="no_entendido",
        )
    if dia_mes is not None:
        if dia_semana is not None:
            raise ValidationError(
                "Indique un día del mes o un día de la semana, no ambos.", code="ambos_dias"
            )
        return Regla(dia_mes=dia_mes, hora=hora)
    if dia_semana is None:
        raise ValidationError(
            f"No se reconoce el día de la semana en «{texto}». Ejemplos: {EJEMPLOS}.",
            code="dia_semana",
        )
    if ordinal is None:
        raise ValidationError(
            f"Falta indicar cuál {NOMBRE_DIA[dia_semana]} del mes (primer, segundo, tercer, "
            "cuarto o último).",
            code="ordinal",
        )
    return Regla(dia_semana=dia_semana, ordinal=ordinal, hora=hora)
