"""Numbers, Chilean pesos and dates as users read them, for text built in Python (messages,
e-mails, history, spreadsheets). Thin wrappers over Django's formats (config/formats/es_CL), so
Python and templates (`{{ f|date }}`, `{{ n|clp }}`) write the same thing."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import formats, timezone


def numero(valor, decimales: int | None = None) -> str:
    """1234567 -> "1.234.567"; numero(1.25, 1) -> "1,3"; without `decimales` a float shows the
    decimals it has: 78.6 -> "78,6", 100.0 -> "100". Grouped even where templates are not
    (USE_THOUSAND_SEPARATOR is off so that ids in templates stay plain)."""
    if isinstance(valor, float) and decimales is None:
        valor = Decimal(repr(valor)).normalize()  # 100.0 -> 1E+2, written "100"
    return formats.number_format(valor, decimal_pos=decimales, force_grouping=True)


def porcentaje(valor) -> str:
    """78.6 -> "78,6 %" (a 0–100 figure)."""
    return f"{numero(valor)} %"


def clp(valor) -> str:
    """Chilean pesos without decimals: 1234567 -> "$1.234.567", -1500 -> "-$1.500"."""
    if valor in (None, ""):
        return ""
    entero = round(Decimal(valor))
    signo = "-" if entero < 0 else ""
    return f"{signo}${numero(abs(entero))}"


def fecha(valor: date) -> str:
    """dd-mm-aaaa; an aware datetime is read in the default time zone first (pass `.date()` of
    a datetime already in a place's zone)."""
    if isinstance(valor, datetime) and timezone.is_aware(valor):
        valor = timezone.localtime(valor)
    return formats.date_format(valor, "SHORT_DATE_FORMAT")


def hora(valor: datetime | time) -> str:
    """HH:MM; an aware datetime is read in the default time zone first (pass `.time()` of a
    datetime already in a place's zone)."""
    if isinstance(valor, datetime) and timezone.is_aware(valor):
        valor = timezone.localtime(valor)
    return formats.time_format(valor, "TIME_FORMAT")


def fecha_hora(valor: datetime) -> str:
    """dd-mm-aaaa HH:MM in the default time zone."""
    if timezone.is_aware(valor):
        valor = timezone.localtime(valor)
    return formats.date_format(valor, "SHORT_DATETIME_FORMAT")
