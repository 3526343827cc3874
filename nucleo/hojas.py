"""The one spreadsheet writer (openpyxl) of every export: convenios, the report's annex, and any
later one.

What it guarantees for every cell it writes:
- text from users is text: a value starting with = + - @ tab or CR is stored as a string cell
  with Excel's quote prefix, never as a formula; characters XML cannot hold are dropped;
- amounts in CLP are numbers shown `"$"#,##0`, percentages are fractions shown `0.0%`, dates are
  real dates shown dd-mm-aaaa (es-CL locale tag, so LibreOffice does not swap day and month);
- each table's header row is bold; the first table of a sheet is frozen below its header and
  has filters.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from django.utils import formats
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMATO_CLP = '"$"#,##0'
FORMATO_PORCENTAJE = "0.0%"
FORMATO_FECHA = "[$-340A]dd-mm-yyyy"  # 0x340A: es-CL
FORMATO_ENTERO = "#,##0"
INICIO_FORMULA = ("=", "+", "-", "@", "\t", "\r")
TITULO_HOJA_PROHIBIDOS = re.compile(r"[\[\]:*?/\\]")


class Tipo(StrEnum):
    TEXTO = "texto"
    ENTERO = "entero"
    CLP = "clp"
    PORCENTAJE = "porcentaje"  # a fraction: 0.786 is shown 78,6 %
    FECHA = "fecha"
    AUTO = "auto"  # from the Python type, and es-CL texts such as "$18.500.000" or "78,6 %"


@dataclass(frozen=True)
class Columna:
    titulo: str
    tipo: Tipo = Tipo.TEXTO
    ancho: int = 18


_CLP = re.compile(r"^\s*-?\s*\$\s*-?\d{1,3}(\.\d{3})*\s*$")
_PORCENTAJE = re.compile(r"^\s*-?\d+(,\d+)?\s*%\s*$")
_ENTERO = re.compile(r"^\s*-?\d{1,3}(\.\d{3})*\s*$|^\s*-?\d+\s*$")
_FECHA = re.compile(r"^\s*(\d{2})-(\d{2})-(\d{4})\s*$")


def interpretar(valor) -> tuple[object, Tipo]:
    """The typed value and kind of a value given as the pages show it (es-CL): "$18.500.000"
    -> (18500000, CLP), "78,6 %" -> (0.786, PORCENTAJE), "29-01-2027" -> (date, FECHA)."""
    if isinstance(valor, bool) or valor is None:
        return valor, Tipo.TEXTO
    if isinstance(valor, datetime | date):
        return valor, Tipo.FECHA
    if isinstance(valor, int):
        return valor, Tipo.ENTERO
    if isinstance(valor, float | Decimal):
        return valor, Tipo.AUTO
    texto = str(valor)
    if _CLP.match(texto):
        negativo = texto.strip().startswith("-") or "$-" in texto.replace(" ", "")
        monto = int(re.sub(r"\D", "", texto))
        return (-monto if negativo else monto), Tipo.CLP
    if _PORCENTAJE.match(texto):
        numero = Decimal(formats.sanitize_separators(texto.replace("%", "").strip()))
        return float(numero / 100), Tipo.PORCENTAJE
    if fecha := _FECHA.match(texto):
        dia, mes, anio = (int(p) for p in fecha.groups())
        try:
            return date(anio, mes, dia), Tipo.FECHA
        except ValueError:
            pass
    return texto, Tipo.TEXTO


def escribir(celda, valor, tipo: Tipo = Tipo.AUTO) -> None:
    """Writes one value into an openpyxl cell, typed and formatted as the module promises."""
    if tipo in (Tipo.CLP, Tipo.ENTERO) and isinstance(valor, str) and _ENTERO.match(valor):
        valor = int(re.sub(r"\D", "", valor)) * (-1 if valor.strip().startswith("-") else 1)
    elif tipo is Tipo.AUTO or (tipo is not Tipo.TEXTO and isinstance(valor, str)):
        valor, tipo = interpretar(valor)
    if valor is None or valor == "":
        celda.value = None
        return
    if tipo is Tipo.TEXTO or isinstance(valor, str | bool):
        if isinstance(valor, bool):
            valor = "Sí" if valor else "No"
        texto = ILLEGAL_CHARACTERS_RE.sub("", str(valor))
        celda.value = texto
        celda.data_type = "s"  # openpyxl would store "=…" as a formula
        if texto.startswith(INICIO_FORMULA):
            celda.quotePrefix = True  # Excel and LibreOffice keep it text when edited too
        return
    if tipo is Tipo.FECHA:
        celda.value = valor.date() if isinstance(valor, datetime) else valor
        celda.number_format = FORMATO_FECHA
        return
    celda.value = valor
    if tipo is Tipo.CLP:
        celda.number_format = FORMATO_CLP
    elif tipo is Tipo.PORCENTAJE:
        celda.number_format = FORMATO_PORCENTAJE
    elif tipo is Tipo.ENTERO:
        celda.number_format = FORMATO_ENTERO


class Hoja:
    ENCABEZADO = Font(bold=True, color="FFFFFF")
    RELLENO = PatternFill("solid", fgColor="0B3D6E")

    def __init__(self, hoja):
        self._hoja = hoja
        self._con_filtro = False
        self._ultima = 0  # last row used

    @property
    def openpyxl(self):
        return self._hoja

    def anchos(self, anchos: dict[str, int]) -> None:
        for letra, ancho in anchos.items():
            self._hoja.column_dimensions[letra].width = ancho

    def titulo(self, texto: str, *, tamano: int = 12) -> None:
        self.fila([texto])
        self._hoja.cell(self._ultima, 1).font = Font(bold=True, size=tamano)

    def fila(self, valores: list, tipos: list[Tipo] | None = None) -> None:
        """A free row below the last one; each value typed (AUTO unless `tipos` says)."""
        numero = self._siguiente()
        for columna, valor in enumerate(valores, start=1):
            tipo = tipos[columna - 1] if tipos else Tipo.AUTO
            escribir(self._hoja.cell(numero, columna), valor, tipo)

    def vacia(self) -> None:
        self._ultima += 1

    def _siguiente(self) -> int:
        self._ultima += 1
        return self._ultima

    def tabla(self, columnas: list[Columna], filas) -> tuple[int, int]:
        """Header and rows; returns (header row, last row). The first table of the sheet is
        frozen below its header and gets filters over its range."""
        encabezado = self._siguiente()
        for indice, columna in enumerate(columnas, start=1):
            celda = self._hoja.cell(encabezado, indice)
            escribir(celda, columna.titulo, Tipo.TEXTO)
            celda.font = self.ENCABEZADO
            celda.fill = self.RELLENO
            celda.alignment = Alignment(wrap_text=True, vertical="top")
            letra = get_column_letter(indice)
            actual = self._hoja.column_dimensions[letra].width or 0
            self._hoja.column_dimensions[letra].width = max(actual, columna.ancho)
        ultima = encabezado
        for valores in filas:
            ultima += 1
            for indice, (columna, valor) in enumerate(zip(columnas, valores, strict=False), 1):
                escribir(self._hoja.cell(ultima, indice), valor, columna.tipo)
        self._ultima = ultima
        if not self._con_filtro:
            self._con_filtro = True
            self._hoja.freeze_panes = self._hoja.cell(encabezado + 1, 1).coordinate
            self._hoja.auto_filter.ref = f"A{encabezado}:{get_column_letter(len(columnas))}{ultima}"
        return encabezado, ultima


class Libro:
    """A workbook of typed sheets: `libro.hoja("Convenios").tabla(columnas, filas)`."""

    def __init__(self):
        self._libro = Workbook()
        self._libro.remove(self._libro.active)

    def hoja(self, titulo: str) -> Hoja:
        # Sheet titles: at most 31 characters, none of []:*?/\ and unique in the book.
        limpio = " ".join(TITULO_HOJA_PROHIBIDOS.sub(" ", titulo).split())[:31] or "Hoja"
        nombre, n = limpio, 2
        while nombre in self._libro.sheetnames:
            sufijo = f" ({n})"
            nombre, n = limpio[: 31 - len(sufijo)] + sufijo, n + 1
        return Hoja(self._libro.create_sheet(nombre))

    def bytes(self) -> bytes:
        salida = io.BytesIO()
        self._libro.save(salida)
        return salida.getvalue()
