"""Times in the zone of their place, for pages: {{ sesion.inicio|hora_lugar:zona }} gives
"10:00 hora de Isla de Pascua · 12:00 en Santiago" (or "" when the place is in the viewer's
zone), {% zona_actual %} names the zone a form's times are read in."""

from django import template
from django.conf import settings
from django.utils import timezone

from nucleo import calendario

register = template.Library()


@register.filter
def hora_lugar(momento, zona: str) -> str:
    if not momento or not zona or zona == settings.TIME_ZONE:
        return ""
    return calendario.hora_con_zona(momento, zona, settings.TIME_ZONE)


@register.simple_tag
def zona_actual() -> str:
    return calendario.nombre_zona(timezone.get_current_timezone_name())


@register.filter
def nombre_zona(zona: str) -> str:
    return calendario.nombre_zona(zona or settings.TIME_ZONE)


@register.filter
def feriado_lugar(momento, comuna) -> str:
    """The holiday (national or of the comuna's region) on the local day of `momento`."""
    if not momento or comuna is None:
        return ""
    dia = calendario.hora_local(momento, comuna.zona_horaria).date()
    return calendario.feriado(dia, comuna.region_id)


@register.filter
def dia_y_hora(momento, largo: bool = False) -> str:
    """Day and time as «lun 07-12 10:00» this year, «lun 07-12-2027 10:00» another (home panels:
    a date without its year is read as this year's). `largo`: full weekday name."""
    if not momento:
        return ""
    from django.utils.formats import date_format

    local = timezone.localtime(momento)
    dia = "l" if largo else "D"
    fecha = "d-m" if local.year == timezone.localdate().year else "d-m-Y"
    return date_format(local, f"{dia} {fecha}, H:i" if largo else f"{dia} {fecha} H:i")
