"""Reading a user's spreadsheet (.xlsx or .csv) into rows numbered as the user sees them.

Bounds are ours, never the file's: an .xlsx sheet's declared dimension (`<dimension ref>`) is
ignored, columns are cut at `max_columnas`, data rows at `max_filas`, and reading stops with a
Spanish error after `segundos`. Blank rows are kept out of the result but counted, so that row
numbers match Excel and LibreOffice. The hidden sheets of a workbook are never read.
"""

from __future__ import annotations

import codecs
import csv
import io
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from nucleo import formato

# What Chilean offices' software saves as text, most likely first: Excel in Spanish saves
# "CSV" as Windows-1252, which differs from Latin-1 exactly where Latin-1 has C1 controls.
CODIFICACIONES = ["cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850"]
SEPARADORES = ";,\t"
MAX_COLUMNAS = 100
SEGUNDOS = 10.0


@dataclass(frozen=True)
class Planilla:
    """Non-blank rows as (number the user sees, values); values are str for CSV and the cell's
    Python value (str, int, float, datetime, bool) for .xlsx."""

    filas: list[tuple[int, list]]
    hoja: str = ""
    codificacion: str = ""
    separador: str = ""


def _error(mensaje: str, code: str) -> ValidationError:
    return ValidationError(mensaje, code=code)


def _vacio(valor) -> bool:
    return valor is None or (isinstance(valor, str) and not valor.strip())


def decodificar(crudo: bytes) -> tuple[str, str]:
    """(text, encoding) of a text file: a BOM decides; else strict UTF-8; else the most likely
    of CODIFICACIONES according to charset-normalizer."""
    from charset_normalizer import from_bytes

    for bom, codificacion in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if crudo.startswith(bom):
            try:
                return crudo.decode(codificacion), codificacion
            except UnicodeDecodeError as error:
                raise _error(
                    "El archivo dice estar en Unicode pero tiene caracteres inválidos. "
                    "Guárdalo de nuevo como «CSV UTF-8».",
                    "codificacion",
                ) from error
    try:
        return crudo.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in crudo[:4096]:
        raise _error("El archivo no es una planilla CSV de texto.", "contenido")
    mejor = from_bytes(crudo, cp_isolation=CODIFICACIONES).best()
    codificacion = mejor.encoding if mejor is not None else "cp1252"
    if codificacion in {"latin_1", "iso8859_15"}:
        # Same printable letters; cp1252 turns Latin-1's C1 controls into ’ “ ” – — €.
        try:
            return crudo.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    try:
        return crudo.decode(codificacion), codificacion
    except (UnicodeDecodeError, LookupError):
        return crudo.decode("latin_1"), "latin_1"


def _es_texto(texto: str) -> bool:
    """No control characters but tab and line ends: binaries decode too, as text they are not."""
    return not any(ord(c) < 32 and c not in "\t\r\n" for c in texto[:4096])


def _separador(texto: str) -> str:
    muestra = texto[:8192]
    try:
        return csv.Sniffer().sniff(muestra, delimiters=SEPARADORES).delimiter
    except csv.Error:
        primera = muestra.splitlines()[0] if muestra else ""
        return max(SEPARADORES, key=primera.count)


class _Limites:
    def __init__(self, max_filas: int, segundos: float):
        self.max_filas = max_filas
        self.fin = time.monotonic() + segundos
        self.filas: list[tuple[int, list]] = []

    def agregar(self, numero: int, valores) -> None:
        """Keeps a non-blank row; blank rows only advance the numbering."""
        if time.monotonic() > self.fin:
            raise _error(
                "La planilla tarda demasiado en leerse. Copia solo las filas de datos a una "
                "planilla nueva y súbela.",
                "lenta",
            )
        valores = list(valores)
        if all(_vacio(v) for v in valores):
            return
        if len(valores) > MAX_COLUMNAS and any(not _vacio(v) for v in valores[MAX_COLUMNAS:]):
            raise _error(
                f"La planilla tiene datos más allá de la columna {MAX_COLUMNAS}. Deja solo "
                "las columnas que se importan.",
                "columnas",
            )
        self.filas.append((numero, valores[:MAX_COLUMNAS]))
        if len(self.filas) > self.max_filas + 1:  # + the header row
            raise _error(
                f"La planilla tiene más de {formato.numero(self.max_filas)} filas. Divídela en "
                "partes más pequeñas.",
                "filas",
            )


def _leer_csv(archivo, limites: _Limites) -> Planilla:
    texto, codificacion = decodificar(archivo.read())
    if not _es_texto(texto):
        raise _error("El archivo no es una planilla CSV de texto.", "contenido")
    separador = _separador(texto)
    numero = 0
    try:
        # One record is one spreadsheet row (a quoted field may span lines); blank lines
        # are rows too, as LibreOffice and Excel count them.
        for numero, fila in enumerate(
            csv.reader(io.StringIO(texto, newline=""), delimiter=separador), start=1
        ):
            limites.agregar(numero, fila)
    except csv.Error as error:
        raise _error(
            f"El CSV está mal formado cerca de la fila {numero + 1}: revisa las comillas.",
            "danado",
        ) from error
    return Planilla(filas=limites.filas, codificacion=codificacion, separador=separador)


def hoja_visible(libro):
    """The active sheet when it is a visible worksheet, else the first visible worksheet."""
    activa = libro.active
    if activa in libro.worksheets and activa.sheet_state == "visible":
        return activa
    return next((h for h in libro.worksheets if h.sheet_state == "visible"), None)


def _leer_xlsx(archivo, limites: _Limites) -> Planilla:
    from openpyxl import load_workbook

    try:
        libro = load_workbook(archivo, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise _error("No se pudo leer la planilla Excel: puede estar dañada.", "danado") from error
    try:
        hoja = hoja_visible(libro)
        if hoja is None:
            raise _error("La planilla no tiene hojas visibles con datos.", "vacia")
        # The stored dimension (e.g. A1:XFD1048576) would pad every row to 16 384 cells
        # and the sheet to a million rows: read only the cells really written.
        hoja.reset_dimensions()
        filas = hoja.iter_rows(min_row=1, min_col=1, max_col=MAX_COLUMNAS + 1, values_only=True)
        for numero, fila in enumerate(filas, start=1):
            limites.agregar(numero, fila)
        return Planilla(filas=limites.filas, hoja=hoja.title)
    except ValidationError:
        raise
    except Exception as error:  # malformed sheet XML, bad shared-string index, bad dates…
        raise _error("No se pudo leer la planilla Excel: puede estar dañada.", "danado") from error
    finally:
        libro.close()


def leer_planilla(
    archivo, extension: str, *, max_filas: int, segundos: float = SEGUNDOS
) -> Planilla:
    """The non-blank rows of a .csv or of the visible sheet of an .xlsx, numbered as seen."""
    archivo.seek(0)
    limites = _Limites(max_filas, segundos)
    try:
        if extension == "xlsx":
            return _leer_xlsx(archivo, limites)
        return _leer_csv(archivo, limites)
    finally:
        archivo.seek(0)
