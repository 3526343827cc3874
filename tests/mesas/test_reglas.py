from datetime import UTC, date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mesas import reglas


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("último jueves de cada mes, 10:00", reglas.Regla(dia_semana=3, ordinal=-1, hora=time(10))),
        ("primer martes", reglas.Regla(dia_semana=1, ordinal=1)),
        ("Día 15 a las 9:30", reglas.Regla(dia_mes=15, hora=time(9, 30))),
        ("segundo miércoles, 15:30", reglas.Regla(dia_semana=2, ordinal=2, hora=time(15, 30))),
        ("tercer viernes de cada mes", reglas.Regla(dia_semana=4, ordinal=3)),
        ("cuarto lunes, 9", reglas.Regla(dia_semana=0, ordinal=4, hora=time(9))),
        ("ULTIMO SABADO", reglas.Regla(dia_semana=5, ordinal=-1)),
        ("primer domingo 11.00", reglas.Regla(dia_semana=6, ordinal=1, hora=time(11))),
    ],
)
def test_interpreta_reglas_en_castellano(texto, esperado):
    assert reglas.interpretar(texto) == esperado


@pytest.mark.parametrize(
    ("texto", "mensaje"),
    [
        ("", "Escriba una regla"),
        ("cada cierto tiempo", "No se reconoce el día de la semana"),
        ("los jueves", "Falta indicar cuál jueves"),
        ("día 32", "entre 1 y 31"),
        ("primer lunes, 25:00", "La hora no es válida"),
    ],
)
def test_reglas_incomprensibles_se_rechazan_con_mensaje(texto, mensaje):
    with pytest.raises(ValidationError) as error:
        reglas.interpretar(texto)

    assert mensaje in error.value.messages[0]


def test_ultimo_jueves_de_cada_mes_da_las_fechas_correctas():
    regla, fechas = reglas.ocurrencias(
        "último jueves de cada mes, 10:00", desde=date(2026, 1, 1), cantidad=4
    )

    assert [o.fecha for o in fechas] == [
        date(2026, 1, 29),
        date(2026, 2, 26),
        date(2026, 3, 26),
        date(2026, 4, 30),
    ]
    assert regla.describir() == "último jueves de cada mes, 10:00"


def test_dia_15_con_fecha_de_termino():
    _, fechas = reglas.ocurrencias("día 15", desde=date(2026, 1, 20), hasta=date(2026, 5, 15))

    assert [o.fecha for o in fechas] == [
        date(2026, 2, 15),
        date(2026, 3, 15),
        date(2026, 4, 15),
        date(2026, 5, 15),
    ]


def test_cambio_de_horario_no_mueve_la_sesion_de_las_10():
    # Chile leaves summer time on the first Sunday of April and returns on the first Sunday of
    # September: sessions before and after keep their 10:00 wall-clock time.
    _, fechas = reglas.ocurrencias("primer lunes, 10:00", desde=date(2026, 3, 1), cantidad=7)

    inicios = [timezone.localtime(o.inicio, reglas.ZONA) for o in fechas]
    assert {(i.hour, i.minute) for i in inicios} == {(10, 0)}
    offsets = [o.inicio.utcoffset() for o in fechas]
    assert offsets[0] == timedelta(hours=-3)  # 02-03-2026, summer time
    assert offsets[1] == timedelta(hours=-4)  # 06-04-2026, winter time
    assert offsets[6] == timedelta(hours=-3)  # 07-09-2026, summer time again
    assert [o.inicio.astimezone(UTC).hour for o in fechas] == [13, 14, 14, 14, 14, 14, 13]


def test_feriados_chilenos_quedan_marcados_con_su_nombre():
    _, fechas = reglas.ocurrencias("día 18", desde=date(2026, 8, 1), cantidad=3)

    assert [(o.fecha, o.feriado) for o in fechas] == [
        (date(2026, 8, 18), ""),
        (date(2026, 9, 18), "Día de la Independencia"),
        (date(2026, 10, 18), ""),
    ]
    assert fechas[1].sugerida == date(2026, 9, 21)  # 19-09 holiday, then the weekend


@pytest.mark.parametrize(
    ("kwargs", "mensaje"),
    [
        ({"desde": date(2026, 1, 1), "cantidad": 37}, "como máximo 36"),
        ({"desde": date(2026, 1, 1), "hasta": date(2029, 12, 31)}, "más de 36"),
        ({"desde": date(2026, 5, 1), "hasta": date(2026, 4, 1)}, "anterior a la de inicio"),
        ({"desde": date(2026, 2, 1), "hasta": date(2026, 2, 10)}, "no produce ninguna fecha"),
        ({"desde": date(2026, 1, 1)}, "Indique una fecha de término o cuántas"),
        ({"desde": None, "cantidad": 3}, "desde qué fecha"),
    ],
)
def test_series_imposibles_se_rechazan(kwargs, mensaje):
    with pytest.raises(ValidationError) as error:
        reglas.ocurrencias("último jueves, 10:00", **kwargs)

    assert mensaje in error.value.messages[0]


def test_dias_del_mes_cubre_semanas_completas_desde_el_lunes():
    dias = reglas.dias_del_mes(2026, 4)

    assert dias[0] == date(2026, 3, 30)
    assert dias[-1] == date(2026, 5, 3)
    assert len(dias) % 7 == 0
