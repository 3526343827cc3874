"""Dates on the home page carry the year when it is not the current one; times of a place in
another zone show both hours."""

from datetime import date, time, timedelta

from django.template import Context, Template
from django.utils import timezone

from nucleo import calendario


def _render(texto: str, **contexto) -> str:
    return Template("{% load zonas %}" + texto).render(Context(contexto))


def test_fecha_de_este_anio_sin_anio_y_de_otro_con_anio():
    hoy = timezone.localdate()
    este = calendario.en_zona(hoy + timedelta(days=1), time(10))
    otro = calendario.en_zona(date(hoy.year + 1, 1, 14), time(9, 30))

    assert _render("{{ m|dia_y_hora }}", m=este).endswith(f"{este:%d-%m} 10:00")
    dia_semana = _render("{{ m|date:'D' }}", m=otro)
    assert _render("{{ m|dia_y_hora }}", m=otro) == f"{dia_semana} 14-01-{hoy.year + 1} 09:30"
    assert _render("{{ m|dia_y_hora:True }}", m=otro).endswith(f"14-01-{hoy.year + 1}, 09:30")


def test_hora_del_lugar_solo_cuando_la_zona_difiere():
    isla = calendario.en_zona(date(2027, 6, 7), time(10), "Pacific/Easter")

    assert _render("{{ m|hora_lugar:'Pacific/Easter' }}", m=isla) == (
        "10:00 hora de Isla de Pascua · 12:00 en Santiago"
    )
    assert _render("{{ m|hora_lugar:'America/Santiago' }}", m=isla) == ""
