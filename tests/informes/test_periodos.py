from datetime import date

import pytest
from django.core.exceptions import ValidationError

from informes.periodos import MENSUAL, SEMESTRAL, Periodo


@pytest.mark.parametrize(
    ("tipo", "texto", "inicio", "fin", "nombre"),
    [
        (MENSUAL, "2026-10", date(2026, 10, 1), date(2026, 11, 1), "octubre de 2026"),
        (MENSUAL, "2026-12", date(2026, 12, 1), date(2027, 1, 1), "diciembre de 2026"),
        (SEMESTRAL, "2026-S1", date(2026, 1, 1), date(2026, 7, 1), "primer semestre de 2026"),
        (SEMESTRAL, "2026-s2", date(2026, 7, 1), date(2027, 1, 1), "segundo semestre de 2026"),
    ],
)
def test_periodos_validos(tipo, texto, inicio, fin, nombre):
    periodo = Periodo.desde_texto(tipo, texto)

    assert (periodo.inicio, periodo.fin, periodo.nombre) == (inicio, fin, nombre)
    assert periodo.codigo == texto.upper()


@pytest.mark.parametrize(
    ("tipo", "texto"),
    [(MENSUAL, "2026-13"), (MENSUAL, "10-2026"), (MENSUAL, "2026-S1"), (SEMESTRAL, "2026-S3"),
     (SEMESTRAL, "2026-10"), (MENSUAL, ""), (MENSUAL, "1999-01")],
)  # fmt: skip
def test_periodos_mal_escritos_dan_mensaje(tipo, texto):
    with pytest.raises(ValidationError) as error:
        Periodo.desde_texto(tipo, texto)

    assert "periodo" in error.value.messages[0].lower() or "año" in error.value.messages[0]


def test_anterior_cruza_el_anio():
    assert Periodo.desde_texto(MENSUAL, "2026-01").anterior().codigo == "2025-12"
    assert Periodo.desde_texto(SEMESTRAL, "2026-S1").anterior().codigo == "2025-S2"
    assert Periodo.desde_texto(SEMESTRAL, "2026-S2").anterior().codigo == "2026-S1"


def test_ultimo_periodo_cerrado():
    assert Periodo.ultimo_cerrado(MENSUAL, date(2026, 11, 1)).codigo == "2026-10"
    assert Periodo.ultimo_cerrado(SEMESTRAL, date(2026, 7, 1)).codigo == "2026-S1"
    assert Periodo.ultimo_cerrado(SEMESTRAL, date(2027, 1, 1)).codigo == "2026-S2"


def test_futuro():
    assert Periodo.desde_texto(MENSUAL, "2026-12").es_futuro(date(2026, 11, 25))
    assert not Periodo.desde_texto(MENSUAL, "2026-11").es_futuro(date(2026, 11, 25))
