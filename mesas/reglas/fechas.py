"""From a rule to dates: the rrule, the occurrences in the zone of the place flagged with the
region's holidays and the mesa's existing sessions, and the calendar helpers."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice

from dateutil.rrule import MONTHLY, rrule
from django.core.exceptions import ValidationError
from django.utils import timezone

from mesas.reglas.interpretacion import DIAS, NOMBRE_DIA, Regla, interpretar
from nucleo import calendario
from nucleo.territorio import ZONA_POR_DEFECTO

ZONA = timezone.get_default_timezone()  # continental Chile; a place may have its own


MAXIMO_OCURRENCIAS = 36


def construir_rrule(regla: Regla, *, desde: date, hasta: date | None, cantidad: int | None):
    """The dateutil rule over naive local datetimes (wall-clock time of the place)."""
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


def feriado(dia: date, region: str | None = None) -> str:
    """The name of the national (or the region's) public holiday on `dia`, or ""."""
    return calendario.feriado(dia, region)


def siguiente_dia_habil(dia: date, region: str | None = None) -> date:
    return calendario.siguiente_dia_habil(dia, region)


def zona_de_mesa(mesa) -> str:
    """A mesa's IANA zone: its comuna's, or (regional mesa) its region capital's."""
    if mesa.comuna_id:
        return mesa.comuna.zona_horaria
    return calendario.zona_de_region(mesa.region_id)


@dataclass(frozen=True)
class Ocurrencia:
    fecha: date
    hora: time
    feriado: str
    zona: str = ZONA_POR_DEFECTO
    region: str | None = None
    choque: str = ""  # the mesa's session already on that day, if any

    @property
    def inicio(self) -> datetime:
        return calendario.en_zona(self.fecha, self.hora, self.zona)

    @property
    def dia_semana(self) -> str:
        return NOMBRE_DIA[self.fecha.weekday()]

    @property
    def fin_de_semana(self) -> bool:
        return self.fecha.weekday() >= 5

    @property
    def sugerida(self) -> date:
        return siguiente_dia_habil(self.fecha, self.region)

    @property
    def alternativas(self) -> list[calendario.Alternativa]:
        return calendario.alternativas(self.fecha, self.region)

    @property
    def hora_con_zona(self) -> str:
        return calendario.hora_con_zona(self.inicio, self.zona)


def en_chile(dia: date, hora: time) -> datetime:
    """Continental Chile's wall-clock date and time -> aware datetime (America/Santiago)."""
    return calendario.en_zona(dia, hora, ZONA_POR_DEFECTO)


def ocurrencias(
    texto: str,
    *,
    desde: date | None,
    hasta: date | None = None,
    cantidad: int | None = None,
    hora: time | None = None,
    zona: str | None = None,
    region: str | None = None,
    ocupadas: dict[date, str] | None = None,
) -> tuple[Regla, list[Ocurrencia]]:
    """Validates the whole request and returns the dates; refuses before anything is created.
    The time written in the rule wins over `hora` (the form's "if the rule does not say it");
    `ocupadas` (day -> description) marks the days the mesa already meets."""
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
    ocupadas = ocupadas or {}
    zona = zona or ZONA_POR_DEFECTO
    return regla, [
        Ocurrencia(
            f.date(),
            f.time(),
            feriado(f.date(), region),
            zona=zona,
            region=region,
            choque=ocupadas.get(f.date(), ""),
        )
        for f in fechas
    ]


MESES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def meses_sin_el_dia(regla: Regla, fechas: list[Ocurrencia], *, hasta: date | None) -> list[str]:
    """For "día 29/30/31": the months of the period that have no such day (the rule skips
    them), as "febrero 2027", so that the preview can say so and offer the last day."""
    if not regla.dia_mes or regla.dia_mes < 29 or not fechas:
        return []
    primero = fechas[0].fecha.replace(day=1)
    ultimo = hasta or fechas[-1].fecha
    faltan = []
    anio, mes = primero.year, primero.month
    while (anio, mes) <= (ultimo.year, ultimo.month):
        if monthrange(anio, mes)[1] < regla.dia_mes:
            faltan.append(f"{MESES[mes - 1]} {anio}")
        anio, mes = anio + (mes == 12), mes % 12 + 1
    return faltan


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
