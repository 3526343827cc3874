"""One calendar rule set for everything the app schedules (mesa sessions, company visits):
each region's public holidays, each place's time zone, business days, and how a time is shown
to someone in another zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import timezone

from nucleo import formato
from nucleo.territorio import ZONA_POR_DEFECTO, ZONA_POR_REGION

# The region's CUT code -> its ISO 3166-2 subdivision, as `holidays` names it ("CL-AP" -> "AP").
# The one place where the mapping lives; a test checks it against the Region rows and against
# the subdivisions the installed `holidays` supports.
SUBDIVISION_POR_REGION = {
    "01": "TA",
    "02": "AN",
    "03": "AT",
    "04": "CO",
    "05": "VS",
    "06": "LI",
    "07": "ML",
    "08": "BI",
    "09": "AR",
    "10": "LL",
    "11": "AI",
    "12": "MA",
    "13": "RM",
    "14": "LR",
    "15": "AP",
    "16": "NB",
}

# How a zone is named on pages: "10:00 hora de Isla de Pascua · 12:00 en Santiago".
NOMBRE_ZONA = {
    "America/Santiago": "Santiago",
    "Pacific/Easter": "Isla de Pascua",
    "America/Punta_Arenas": "Punta Arenas",
    "America/Coyhaique": "Coyhaique",
}

NOMBRE_DIA = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]


def zona(nombre: str | None = None) -> ZoneInfo:
    return ZoneInfo(nombre) if nombre else timezone.get_default_timezone()


def zona_de_region(codigo_region: str | None) -> str:
    """The zone of a region's capital (what a regional mesa uses)."""
    return ZONA_POR_REGION.get(codigo_region or "", ZONA_POR_DEFECTO)


def zona_del_visor(usuario=None) -> str:
    """The zone a person reads times in: their own if they set one, else the site's."""
    return getattr(usuario, "zona_horaria", "") or settings.TIME_ZONE


def nombre_zona(nombre: str) -> str:
    return NOMBRE_ZONA.get(nombre, nombre.split("/")[-1].replace("_", " "))


@lru_cache(maxsize=64)
def _feriados(anio: int, subdivision: str | None) -> dict[date, str]:
    return dict(holidays.country_holidays("CL", subdiv=subdivision, years=[anio], language="es"))


def feriado(dia: date, region: str | None = None) -> str:
    """The name of the national or regional (CUT code `region`) holiday on `dia`, or ""."""
    return _feriados(dia.year, SUBDIVISION_POR_REGION.get(region or "")).get(dia, "")


def es_habil(dia: date, region: str | None = None) -> bool:
    return dia.weekday() < 5 and not feriado(dia, region)


def siguiente_dia_habil(dia: date, region: str | None = None) -> date:
    siguiente = dia + timedelta(days=1)
    while not es_habil(siguiente, region):
        siguiente += timedelta(days=1)
    return siguiente


@dataclass(frozen=True)
class Alternativa:
    fecha: date
    etiqueta: str


def alternativas(dia: date, region: str | None = None) -> list[Alternativa]:
    """Where to move an occurrence that falls on a holiday or a weekend: for a weekday, the same
    weekday a week before and after (the nearest ones that are not holidays); always the next
    business day."""
    opciones = []
    if dia.weekday() < 5:
        nombre = NOMBRE_DIA[dia.weekday()]
        anterior = dia - timedelta(days=7)
        while feriado(anterior, region):
            anterior -= timedelta(days=7)
        opciones.append(Alternativa(anterior, f"{nombre} anterior"))
        posterior = dia + timedelta(days=7)
        while feriado(posterior, region):
            posterior += timedelta(days=7)
        opciones.append(Alternativa(posterior, f"{nombre} siguiente"))
    habil = siguiente_dia_habil(dia, region)
    if habil not in {o.fecha for o in opciones}:
        opciones.append(Alternativa(habil, "siguiente día hábil"))
    return sorted(opciones, key=lambda a: a.fecha)


def en_zona(dia: date, hora: time, nombre_zona_iana: str | None = None) -> datetime:
    """Wall-clock date and time of a place -> aware datetime. DST never moves a 10:00 meeting;
    a time inside a spring-forward gap is taken with the later offset."""
    return timezone.make_aware(datetime.combine(dia, hora), zona(nombre_zona_iana))


def hora_local(momento: datetime, nombre_zona_iana: str | None = None) -> datetime:
    return timezone.localtime(momento, zona(nombre_zona_iana))


def hora_con_zona(momento: datetime, nombre_zona_iana: str, visor: str | None = None) -> str:
    """ "10:00 hora de Isla de Pascua · 12:00 en Santiago" when the place's zone and the
    viewer's differ at that moment; "10:00" otherwise."""
    visor = visor or settings.TIME_ZONE
    local = hora_local(momento, nombre_zona_iana)
    if nombre_zona_iana == visor:
        return f"{local:%H:%M}"
    otra = hora_local(momento, visor)
    texto = f"{local:%H:%M} hora de {nombre_zona(nombre_zona_iana)}"
    if otra.utcoffset() == local.utcoffset():
        return texto
    dia = f" del {formato.fecha(otra.date())}" if otra.date() != local.date() else ""
    return f"{texto} · {otra:%H:%M}{dia} en {nombre_zona(visor)}"
