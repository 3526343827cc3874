"""Monthly rules written in plain Spanish ("último jueves de cada mes, 10:00", "primer martes",
"día 15") turned into dateutil rrules, and the dates they yield in Chile's time zone."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice
from zoneinfo import ZoneInfo

import holidays
from dateutil.rrule import FR, MO, MONTHLY, SA, SU, TH, TU, WE, rrule
from django.core.exceptions import ValidationError
from django.utils import timezone

ZONA = ZoneInfo("America/Santiago")
MAXIMO_OCURRENCIAS = 36

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

EJEMPLOS = "«último jueves de cada mes, 10:00», «primer martes», «día 15 a las 9:30»"


@dataclass(frozen=True)
class Regla:
    """A parsed rule: either an nth weekday or a day of the month, and maybe a time."""

    dia_semana: int | None = None  # 0 = lunes
    ordinal: int | None = None
    dia_mes: int | None = None
    hora: time | None = None

    def describir(self) -> str:
        if self.dia_mes:
            texto = f"día {self.dia_mes} de cada mes"
        else:
            texto = f"{NOMBRE_ORDINAL[self.ordinal]} {NOMBRE_DIA[self.dia_semana]} de cada mes"
        return f"{texto}, {self.hora:%H:%M}" if self.hora else texto


def _normalizar(texto: str) -> str:
    sin_tildes = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", sin_tildes.lower()).strip()


def interpretar(texto: str) -> Regla:
    """Parses a Spanish monthly rule; raises ValidationError with a Spanish message."""
    limpio = _normalizar(texto or "")
    if not limpio:
        raise ValidationError(f"Escriba una regla, por ejemplo {EJEMPLOS}.", code="vacia")
    hora = None
    # The time is whatever comes after a comma or "a las", or an explicit hh:mm anywhere.
    m = re.search(r"(?:,|\ba las\b)\s*(\d{1,2})(?:[:.h]\s*(\d{2}))?\s*(?:h|hrs|horas)?\s*$", limpio)
    if not m:
        m = re.search(r"\b(\d{1,2})[:.](\d{2})\b", limpio)
    if m:
        horas, minutos = int(m.group(1)), int(m.group(2) or 0)
        if horas > 23 or minutos > 59:
            raise ValidationError("La hora no es válida (use 00:00 a 23:59).", code="hora")
        hora = time(horas, minutos)
        limpio = (limpio[: m.start()] + limpio[m.end() :]).strip(" ,")

    m = re.search(r"\bdia (\d{1,2})\b", limpio)
    if m:
        dia = int(m.group(1))
        if not 1 <= dia <= 31:
            raise ValidationError("El día del mes debe estar entre 1 y 31.", code="dia")
        return Regla(dia_mes=dia, hora=hora)

    palabras = re.findall(r"[a-z0-9]+", limpio)
    dia_semana = next((list(DIAS).index(p) for p in palabras if p in DIAS), None)
    ordinal = next((ORDINALES[p] for p in palabras if p in ORDINALES), None)
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


def construir_rrule(regla: Regla, *, desde: date, hasta: date | None, cantidad: int | None):
    """The dateutil rule over naive local datetimes (wall-clock time in Chile)."""
    hora = regla.hora or time(10, 0)
    kwargs = {"dtstart": datetime.combine(desde, hora)}
    if regla.dia_mes:
        kwargs["bymonthday"] = regla.dia_mes
    else:
        kwargs["byweekday"] = list(DIAS.values())[regla.dia_semana](regla.ordinal)
    if hasta:
        kwargs["until"] = datetime.combine(hasta, time(23, 59))
    if cantidad:
        kwargs["count"] = cantidad
    return rrule(MONTHLY, **kwargs)


@lru_cache(maxsize=32)
def _feriados(anio: int) -> dict[date, str]:
    return dict(holidays.country_holidays("CL", years=[anio], language="es"))


def feriado(dia: date) -> str:
    """The name of the Chilean public holiday on `dia`, or ""."""
    return _feriados(dia.year).get(dia, "")


def siguiente_dia_habil(dia: date) -> date:
    siguiente = dia + timedelta(days=1)
    while siguiente.weekday() >= 5 or feriado(siguiente):
        siguiente += timedelta(days=1)
    return siguiente


@dataclass(frozen=True)
class Ocurrencia:
    fecha: date
    hora: time
    feriado: str

    @property
    def inicio(self) -> datetime:
        return en_chile(self.fecha, self.hora)

    @property
    def dia_semana(self) -> str:
        return NOMBRE_DIA[self.fecha.weekday()]

    @property
    def fin_de_semana(self) -> bool:
        return self.fecha.weekday() >= 5

    @property
    def sugerida(self) -> date:
        return siguiente_dia_habil(self.fecha)


def en_chile(dia: date, hora: time) -> datetime:
    """Local wall-clock date and time -> aware datetime; DST never moves a 10:00 meeting.

    A time that does not exist (the spring-forward gap at 00:00) is taken as the later offset.
    """
    return timezone.make_aware(datetime.combine(dia, hora), ZONA)


def ocurrencias(
    texto: str,
    *,
    desde: date | None,
    hasta: date | None = None,
    cantidad: int | None = None,
    hora: time | None = None,
) -> tuple[Regla, list[Ocurrencia]]:
    """Validates the whole request and returns the dates; refuses before anything is created."""
    regla = interpretar(texto)
    if hora and not regla.hora:
        regla = Regla(regla.dia_semana, regla.ordinal, regla.dia_mes, hora)
    if not desde:
        raise ValidationError("Indique desde qué fecha se programa la serie.", code="desde")
    if hasta and cantidad:
        raise ValidationError(
            "Indique una fecha de término o una cantidad de sesiones, no ambas.", code="ambos"
        )
    if not hasta and not cantidad:
        raise ValidationError(
            "Indique una fecha de término o cuántas sesiones tendrá la serie.", code="sin_fin"
        )
    if hasta and hasta < desde:
        raise ValidationError("La fecha de término es anterior a la de inicio.", code="orden")
    if cantidad is not None and cantidad < 1:
        raise ValidationError("La cantidad de sesiones debe ser al menos 1.", code="cantidad")
    if cantidad and cantidad > MAXIMO_OCURRENCIAS:
        raise ValidationError(
            f"Una serie puede tener como máximo {MAXIMO_OCURRENCIAS} sesiones.", code="maximo"
        )
    regla_rrule = construir_rrule(regla, desde=desde, hasta=hasta, cantidad=cantidad)
    fechas = list(islice(regla_rrule, MAXIMO_OCURRENCIAS + 1))
    if len(fechas) > MAXIMO_OCURRENCIAS:
        raise ValidationError(
            f"La regla produce más de {MAXIMO_OCURRENCIAS} sesiones; acorte el período.",
            code="maximo",
        )
    if not fechas:
        raise ValidationError(
            "La regla no produce ninguna fecha en ese período; amplíe el período o cambie "
            "la regla.",
            code="sin_fechas",
        )
    return regla, [Ocurrencia(f.date(), f.time(), feriado(f.date())) for f in fechas]


def rrule_texto(regla: Regla, *, desde: date, hasta: date | None, cantidad: int | None) -> str:
    """The RFC 5545 RRULE of the series (kept on Serie, and usable in iCalendar)."""
    return str(construir_rrule(regla, desde=desde, hasta=hasta, cantidad=cantidad))


def dias_del_mes(anio: int, mes: int) -> list[date]:
    """For the calendar grid: Monday-first weeks covering the month."""
    primero = date(anio, mes, 1)
    inicio = primero - timedelta(days=primero.weekday())
    siguiente = date(anio + (mes == 12), mes % 12 + 1, 1)
    fin = siguiente + timedelta(days=(7 - siguiente.weekday()) % 7)
    return [inicio + timedelta(days=i) for i in range((fin - inicio).days)]


__all__ = [
    "MAXIMO_OCURRENCIAS",
    "ZONA",
    "Ocurrencia",
    "Regla",
    "en_chile",
    "feriado",
    "interpretar",
    "ocurrencias",
    "rrule_texto",
    "siguiente_dia_habil",
]
