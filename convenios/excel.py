"""Excel export of a list of convenios (openpyxl)."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from convenios.models import Convenio, Vigencia

COLUMNAS = [
    ("Convenio", 45),
    ("Tipo", 26),
    ("Instituciones", 35),
    ("Resolución N°", 14),
    ("Fecha resolución", 14),
    ("Fecha de firma", 14),
    ("Inicio de vigencia", 14),
    ("Término de vigencia", 14),
    ("Renovación automática", 14),
    ("Estado", 22),
    ("Recursos comprometidos (CLP)", 20),
    ("Días para vencer", 12),
]
FORMATO_FECHA = "DD-MM-YYYY"
FORMATO_CLP = '"$"#,##0'


def libro_convenios(convenios: list[Convenio], *, hoy: date, titulo: str) -> bytes:
    libro = Workbook()
    hoja = libro.active
    hoja.title = "Convenios"
    hoja.append([titulo])
    hoja["A1"].font = Font(bold=True, size=12)
    hoja.append([])
    hoja.append([nombre for nombre, _ in COLUMNAS])
    for celda in hoja[3]:
        celda.font = Font(bold=True, color="FFFFFF")
        celda.fill = PatternFill("solid", fgColor="0B3D6E")
        celda.alignment = Alignment(wrap_text=True, vertical="top")
    for convenio in convenios:
        vigencia = convenio.vigencia(hoy)
        dias = (
            (convenio.fecha_termino - hoy).days
            if convenio.fecha_termino and vigencia in (Vigencia.VIGENTE, Vigencia.POR_INICIAR)
            else None
        )
        renovacion = (
            f"Sí, cada {convenio.renovacion_meses} meses"
            if convenio.renovacion_automatica
            else "No"
        )
        hoja.append(
            [
                convenio.nombre,
                convenio.get_tipo_display(),
                ", ".join(i.nombre for i in convenio.instituciones.all()),
                convenio.resolucion_numero,
                convenio.resolucion_fecha,
                convenio.fecha_firma,
                convenio.fecha_inicio,
                convenio.fecha_termino,
                renovacion,
                Vigencia(vigencia).label,
                convenio.recursos_comprometidos,
                dias,
            ]
        )
        fila = hoja.max_row
        for columna in (5, 6, 7, 8):
            hoja.cell(fila, columna).number_format = FORMATO_FECHA
        hoja.cell(fila, 11).number_format = FORMATO_CLP
    for indice, (_, ancho) in enumerate(COLUMNAS, start=1):
        hoja.column_dimensions[get_column_letter(indice)].width = ancho
    hoja.freeze_panes = "A4"
    if convenios:
        hoja.auto_filter.ref = f"A3:{get_column_letter(len(COLUMNAS))}{hoja.max_row}"
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()
