"""Turns the figures (a JSON-able dict) into the report's files: the PDF and the Excel annex.

Figures are a list of sections, each with indicators, tables, sentences and charts, so that the
PDF and the Excel annex show exactly the same numbers.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from nucleo.pdf import html_a_pdf

SANTIAGO = ZoneInfo("America/Santiago")


def huella(cifras: dict) -> str:
    """SHA-256 of the figures in canonical JSON: printed in the PDF to trace any number back."""
    canonico = json.dumps(cifras, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonico.encode("utf-8")).hexdigest()


def html_de(informe, cifras: dict, sha256: str, *, generado: datetime | None = None) -> str:
    """The PDF's HTML. The cover states the cut-off ("Datos al") and when it was generated; the
    generation time makes each PDF unique, so a report's identity is the SHA-256 of its figures
    (`huella`), which is the same for the same period whenever it is regenerated."""
    from informes import graficos

    secciones = [
        {**s, "svgs": [graficos.svg(g) for g in s.get("graficos", [])]} for s in cifras["secciones"]
    ]
    return render_to_string(
        "informes/pdf/informe.html",
        {
            "informe": informe,
            "cifras": cifras,
            "secciones": secciones,
            "sha256": sha256,
            "inicio": date.fromisoformat(cifras["periodo"]["inicio"]),
            "fin": date.fromisoformat(cifras["periodo"]["fin"]),
            "corte": date.fromisoformat(cifras["corte"]),
            "generado": timezone.localtime(generado or timezone.now(), SANTIAGO),
        },
    )


def pdf_de(html: str) -> bytes:
    return html_a_pdf(html)


def excel_de(informe, cifras: dict, sha256: str) -> bytes:
    libro = Workbook()
    portada = libro.active
    portada.title = "Informe"
    negrita = Font(bold=True)
    portada.append([cifras["titulo"]])
    portada["A1"].font = Font(bold=True, size=14)
    portada.append([cifras["region"]["nombre"]])
    portada.append(["Periodo", cifras["periodo"]["nombre"]])
    portada.append(["Datos al", f"{date.fromisoformat(cifras['corte']):%d-%m-%Y}"])
    portada.append(["SHA-256 de las cifras", sha256])
    portada.column_dimensions["A"].width = 28
    portada.column_dimensions["B"].width = 70
    relleno = PatternFill("solid", fgColor="E8F0F8")
    for numero, seccion in enumerate(cifras["secciones"], start=1):
        # Sheet titles: at most 31 characters and none of []:*?/\
        titulo = re.sub(r"[\[\]:*?/\\]", " ", f"{numero} {seccion['titulo']}")
        hoja = libro.create_sheet(" ".join(titulo.split())[:31])
        hoja.append([seccion["titulo"]])
        hoja["A1"].font = Font(bold=True, size=12)
        for frase in seccion.get("textos", []):
            hoja.append([frase])
        for indicador in seccion.get("indicadores", []):
            hoja.append([indicador["etiqueta"], indicador["valor"]])
        for tabla in seccion.get("tablas", []):
            hoja.append([])
            hoja.append([tabla["titulo"]])
            hoja.cell(hoja.max_row, 1).font = negrita
            hoja.append(tabla["columnas"])
            for celda in hoja[hoja.max_row]:
                celda.font = negrita
                celda.fill = relleno
                celda.alignment = Alignment(wrap_text=True)
            for fila in tabla["filas"]:
                hoja.append(fila)
        for columna in range(1, hoja.max_column + 1):
            hoja.column_dimensions[get_column_letter(columna)].width = 22 if columna > 1 else 40
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()
