"""nucleo.formato: numbers, pesos and dates through Django's formats (config/formats/es_CL)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from nucleo import formato


def test_numero_agrupa_miles_con_punto_y_decimales_con_coma():
    assert formato.numero(76123456) == "76.123.456"
    assert formato.numero(Decimal("1234.5"), 1) == "1.234,5"


def test_clp_sin_decimales_y_con_signo_antes_del_peso():
    # (the |clp filter's cases are in test_templatetags.py)
    assert formato.clp("2500000.6") == "$2.500.001"
    assert formato.clp(-1500) == "-$1.500"
    assert formato.clp(None) == ""


def test_los_formatos_vienen_de_django_y_no_de_codigo_propio():
    # given another locale's formats
    with translation.override("en"):
        # when a peso amount and a date are written
        monto = formato.clp(1234567)
        dia = formato.fecha(date(2026, 3, 5))

    # then they follow that locale: nothing is hard-wired here
    assert monto == "$1,234,567"
    assert dia == "03/05/2026"


def test_fechas_dd_mm_aaaa_y_hora_de_chile():
    instante = datetime(2026, 6, 30, 14, 30, tzinfo=UTC)  # 10:30 in Santiago (UTC-4)

    assert formato.fecha(date(2026, 3, 5)) == "05-03-2026"
    assert formato.fecha_hora(instante) == "30-06-2026 10:30"
    assert formato.fecha(datetime(2026, 7, 1, 2, 0, tzinfo=UTC)) == "30-06-2026"


def test_los_numeros_de_las_plantillas_quedan_sin_separador():
    # USE_THOUSAND_SEPARATOR is off: ids in element ids, htmx targets and form values stay
    # plain; amounts ask for grouping explicitly (|clp, nucleo.formato.numero).
    from django.template import Context, Template

    assert Template("{{ n }}").render(Context({"n": 1536})) == "1536"
    assert Template("{% load nucleo %}{{ n|clp }}").render(Context({"n": 1536})) == "$1.536"


@pytest.mark.django_db
def test_una_sesion_se_nombra_con_fecha_y_hora_de_chile():
    from tests.factories import SesionFactory

    sesion = SesionFactory(inicio=datetime(2026, 6, 30, 14, 30, tzinfo=UTC))

    assert str(sesion).endswith(" — 30-06-2026 10:30")


def test_un_decimal_se_muestra_solo_si_lo_hay():
    assert formato.numero(78.6) == "78,6"
    assert formato.numero(100.0) == "100"
    assert formato.numero(1234567.0) == "1.234.567"
    assert formato.porcentaje(66.7) == "66,7 %"
    assert formato.porcentaje(0) == "0 %"


def test_la_hora_en_24_horas_y_hora_de_chile():
    from datetime import time

    assert formato.hora(time(9, 5)) == "09:05"
    assert formato.hora(datetime(2026, 6, 30, 14, 30, tzinfo=UTC)) == "10:30"
