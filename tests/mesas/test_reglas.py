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
        ("cada cierto tiempo", "No se entendió «cierto», «tiempo»"),
        ("de cada mes", "No se reconoce el día de la semana"),
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


@pytest.mark.parametrize(
    ("texto", "hora"),
    [
        ("primer lunes, 10:00", time(10)),
        ("primer lunes 9:30 hrs", time(9, 30)),
        ("primer lunes a las 3 de la tarde", time(15)),
        ("primer lunes 3 pm", time(15)),
        ("primer lunes 3 p.m.", time(15)),
        ("primer lunes 9 am", time(9)),
        ("primer lunes a mediodía", time(12)),
        ("primer lunes 10 hrs", time(10)),
        ("primer lunes a las 10", time(10)),
        ("primer lunes a las 9:30 de la mañana", time(9, 30)),
        ("primer lunes a las 8 de la noche", time(20)),
        ("primer lunes 12 pm", time(12)),
    ],
)
def test_horas_como_las_escribe_la_gente(texto, hora):
    assert reglas.interpretar(texto).hora == hora


@pytest.mark.parametrize(
    ("texto", "mensaje"),
    [
        ("último jueves de cada mes, 10:00 por zoom", "No se entendió «por», «zoom»"),
        ("primer lunes a las 10 en la sede", "No se entendió «sede»"),
        ("primer lunes y tercer jueves", "más de un día de la semana"),
        ("primer lunes 10:00 y 15:00", "más de una hora"),
        ("primer lunes 15 pm", "con am/pm va de 1 a 12"),
        ("primer lunes a las 15 de la tarde", "«de la tarde» va con 1 a 12"),
        ("día 15 jueves", "no ambos"),
    ],
)
def test_lo_que_no_se_entiende_es_un_error_que_lo_nombra(texto, mensaje):
    with pytest.raises(ValidationError) as error:
        reglas.interpretar(texto)

    assert mensaje in error.value.messages[0]


def test_la_hora_de_la_regla_gana_a_la_hora_por_defecto_del_formulario():
    # given the form's default hour 10:00 and a rule that says its own time

    regla, fechas = reglas.ocurrencias(
        "último jueves de cada mes a las 3 de la tarde",
        desde=date(2027, 1, 1),
        cantidad=2,
        hora=time(10),
    )

    assert regla.hora == time(15)
    assert [(o.fecha, o.hora) for o in fechas] == [
        (date(2027, 1, 28), time(15)),
        (date(2027, 2, 25), time(15)),
    ]


def test_dia_31_dice_que_meses_no_lo_tienen_y_ultimo_dia_del_mes_los_cubre():
    regla, fechas = reglas.ocurrencias("día 31", desde=date(2027, 1, 1), hasta=date(2027, 6, 30))

    assert [o.fecha for o in fechas] == [date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31)]
    assert reglas.meses_sin_el_dia(regla, fechas, hasta=date(2027, 6, 30)) == [
        "febrero 2027",
        "abril 2027",
        "junio 2027",
    ]

    ultimo, fechas = reglas.ocurrencias(
        "último día del mes", desde=date(2027, 1, 1), hasta=date(2027, 6, 30)
    )
    assert ultimo.describir() == "último día de cada mes"
    assert [o.fecha.month for o in fechas] == [1, 2, 3, 4, 5, 6]
    assert fechas[1].fecha == date(2027, 2, 28)
    assert reglas.meses_sin_el_dia(ultimo, fechas, hasta=None) == []


def test_feriado_regional_de_arica_queda_marcado_en_la_vista_previa():
    # given a series "primer lunes de cada mes, 10:00" for a mesa of Arica (region 15)

    _, fechas = reglas.ocurrencias(
        "primer lunes de cada mes, 10:00", desde=date(2027, 5, 1), cantidad=3, region="15"
    )

    assert [(o.fecha, o.feriado) for o in fechas] == [
        (date(2027, 5, 3), ""),
        (date(2027, 6, 7), "Asalto y Toma del Morro de Arica"),
        (date(2027, 7, 5), ""),
    ]
    assert [a.fecha for a in fechas[1].alternativas] == [
        date(2027, 5, 31),
        date(2027, 6, 8),
        date(2027, 6, 14),
    ]


def test_serie_de_isla_de_pascua_a_las_10_de_la_isla():
    _, fechas = reglas.ocurrencias(
        "primer lunes de cada mes, 10:00", desde=date(2027, 3, 1), cantidad=2, zona="Pacific/Easter"
    )

    # 01-03-2027 is summer time (UTC-5 on the island), 05-04-2027 winter time (UTC-6)
    assert [o.inicio.astimezone(UTC).hour for o in fechas] == [15, 16]
    assert fechas[0].hora_con_zona == "10:00 hora de Isla de Pascua · 12:00 en Santiago"


def test_la_vista_previa_marca_los_dias_en_que_la_mesa_ya_tiene_sesion():
    _, fechas = reglas.ocurrencias(
        "primer lunes, 10:00",
        desde=date(2027, 3, 1),
        cantidad=2,
        ocupadas={date(2027, 4, 5): "Sesión ordinaria mensual, 10:00"},
    )

    assert [o.choque for o in fechas] == ["", "Sesión ordinaria mensual, 10:00"]
