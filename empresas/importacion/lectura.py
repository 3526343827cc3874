"""The file read into rows (through nucleo.archivos.planillas), looking past headings above
the titles row."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError

from empresas.importacion.campos import (
    FILAS_ANTES_DE_TITULOS,
    MAX_FILAS,
    Columna,
    Lectura,
    mapeo_sugerido,
)
from nucleo.archivos.planillas import leer_planilla


def _texto(valor) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if isinstance(valor, datetime):
        return valor.date().isoformat()
    if isinstance(valor, date):
        return valor.isoformat()
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    return str(valor).strip()


def _posicion_titulos(filas: list[tuple[int, list]]) -> int:
    """Which of the first non-blank rows holds the titles: the first naming two or more fields
    (a sheet may start with a heading such as «Listado de empresas»); else the first one."""
    for posicion, (_numero, valores) in enumerate(filas[: FILAS_ANTES_DE_TITULOS + 1]):
        if len({c for c in mapeo_sugerido([_texto(v) for v in valores]) if c}) >= 2:
            return posicion
    return 0


def leer_filas(archivo, extension: str) -> Lectura:
    """The file's columns (title, sample values) and data rows below the titles row;
    ValidationError when the file cannot be read or has no data. Columns are not checked here:
    the user maps them in the preview."""
    planilla = leer_planilla(archivo, extension, max_filas=MAX_FILAS)
    if not planilla.filas:
        raise ValidationError("La planilla está vacía.", code="vacia")
    posicion = _posicion_titulos(planilla.filas)
    fila_titulos, titulos = planilla.filas[posicion]
    datos = [(n, [_texto(v) for v in valores]) for n, valores in planilla.filas[posicion + 1 :]]
    if not datos:
        raise ValidationError("La planilla solo tiene títulos: no hay empresas.", code="vacia")
    titulos = [_texto(v) for v in titulos]
    ancho = max(
        (i + 1 for fila in [titulos, *(v for _, v in datos)] for i, x in enumerate(fila) if x),
        default=0,
    )
    columnas = [
        Columna(
            indice=i,
            titulo=titulos[i] if i < len(titulos) else "",
            muestras=[v[i] for _, v in datos if i < len(v) and v[i]][:3],
        )
        for i in range(ancho)
    ]
    filas = [(n, (v + [""] * ancho)[:ancho]) for n, v in datos]
    return Lectura(columnas=columnas, filas=filas, fila_titulos=fila_titulos)
