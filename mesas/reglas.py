"""Monthly rules written in plain Spanish ("último jueves de cada mes, 10:00", "primer martes",
"día 15 a las 3 de la tarde") turned into dateutil rrules, and the dates they yield in the
zone of the place, flagged with its region's holidays and the mesa's existing sessions."""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice

from dateutil.rrule import FR, MO, MONTHLY, SA, SU, TH, TU, WE, rrule
from django.core.exceptions import ValidationError
from django.utils import timezone

from nucleo import calendario
from nucleo.territorio import ZONA_POR_DEFECTO

ZONA = timezone.get_default_timezone()  # continental Chile; a place may have its own
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
