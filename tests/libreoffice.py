"""Opening a workbook the way a person does: LibreOffice headless converts each sheet to CSV
with the values as shown (formats applied, formulas computed)."""

import csv
import shutil
import subprocess
from pathlib import Path

from tests.conftest import falta_servicio

# Filter options: comma, double quote, UTF-8, from row 1, default column types, language
# default, quoted text, detect numbers, save as shown, formulas as results, no spaces, and
# -1: every sheet to its own file (<name>-<sheet>.csv).
FILTRO_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,true,false,false,-1"


def hojas_como_csv(contenido: bytes, carpeta: Path) -> dict[str, list[list[str]]]:
    """{sheet title: rows of texts as LibreOffice shows them} of an .xlsx."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        falta_servicio("no está LibreOffice (apt-get install libreoffice-calc-nogui)")
    carpeta.mkdir(parents=True, exist_ok=True)
    origen = carpeta / "libro.xlsx"
    origen.write_bytes(contenido)
    salida = carpeta / "csv"
    perfil = carpeta / "perfil-libreoffice"  # own profile: runs in parallel do not collide
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={perfil.as_uri()}",
            "--headless",
            "--convert-to",
            FILTRO_CSV,
            "--outdir",
            str(salida),
            str(origen),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    hojas = {}
    for archivo in sorted(salida.glob("libro-*.csv")):
        with archivo.open(encoding="utf-8", newline="") as texto:
            hojas[archivo.stem.removeprefix("libro-")] = list(csv.reader(texto))
    return hojas


def con_suma(contenido: bytes, hoja: str, rango: str, celda: str) -> bytes:
    """The workbook with `=SUM(rango)` written in `celda` of `hoja` (as a person would type it)."""
    import io

    from openpyxl import load_workbook

    libro = load_workbook(io.BytesIO(contenido))
    libro[hoja][celda] = f"=SUM({rango})"
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()
