import pytest
from django.template import Context, Template


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        (1234567, "$1.234.567"),
        (0, "$0"),
        ("2500000.6", "$2.500.001"),
        (None, ""),
        (-1500, "-$1.500"),
    ],
)
def test_clp_formatea_pesos_chilenos(valor, esperado):
    plantilla = Template("{% load nucleo %}{{ v|clp }}")

    assert plantilla.render(Context({"v": valor})) == esperado


def test_fechas_se_muestran_dd_mm_aaaa():
    from datetime import date

    assert Template("{{ f|date }}").render(Context({"f": date(2026, 3, 5)})) == "05-03-2026"
