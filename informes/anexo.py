"""The report's Excel annex: the same figures as the PDF, written by the shared writer
(nucleo.hojas) so that every amount, percentage and date is a typed cell.

The figures carry values as the PDF shows them ("$18.500.000", "78,6 %", "29-01-2027"); the
writer turns each back into its number or date. A table column whose title ends in "%" holds
percentages given as 0–100 numbers.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from nucleo.hojas import Columna, Libro, Tipo

FORMATO_MOMENTO = "[$-340A]dd-mm-yyyy hh:mm"


def _valor_de_columna(titulo: str, valor):
    """Percent columns (titled "… %") carry 78.6 for 78,6 %: written as the fraction 0.786."""
    if (
        titulo.strip().endswith("%")
        and isinstance(valor, int | float)
        and not isinstance(valor, bool)
    ):
        return float(Decimal(str(valor)) / 100), Tipo.PORCENTAJE  # 71.4 -> 0.714 exactly
    return valor, Tipo.AUTO


def _portada(libro: Libro, cifras: dict, sha256: str, generado: datetime) -> None:
    hoja = libro.hoja("Informe")
    hoja.titulo(cifras["titulo"], tamano=14)
    hoja.fila([cifras["region"]["nombre"]], [Tipo.TEXTO])
    hoja.fila(["Periodo", cifras["periodo"]["nombre"]], [Tipo.TEXTO, Tipo.TEXTO])
    hoja.fila(["Datos al", date.fromisoformat(cifras["corte"])])
    hoja.fila(["SHA-256 de las cifras", sha256], [Tipo.TEXTO, Tipo.TEXTO])
    hoja.fila(["Generado el", generado.replace(tzinfo=None)], [Tipo.TEXTO, Tipo.FECHA])
    hoja.openpyxl.cell(hoja.openpyxl.max_row, 2).number_format = FORMATO_MOMENTO
    hoja.anchos({"A": 28, "B": 70})


def _seccion(libro: Libro, numero: int, seccion: dict) -> None:
    hoja = libro.hoja(f"{numero} {seccion['titulo']}")
    hoja.titulo(seccion["titulo"])
    for frase in seccion.get("textos", []):
        hoja.fila([frase], [Tipo.TEXTO])
    if seccion.get("indicadores"):
        hoja.vacia()
        hoja.tabla(
            [Columna("Indicador", Tipo.TEXTO, 40), Columna("Valor", Tipo.AUTO, 22)],
            ([i["etiqueta"], i["valor"]] for i in seccion["indicadores"]),
        )
    for tabla in seccion.get("tablas", []):
        hoja.vacia()
        hoja.titulo(tabla["titulo"], tamano=11)
        columnas = tabla["columnas"]
        filas = []
        tipos_vistos: dict[int, Tipo] = {}
        for fila in tabla["filas"]:
            valores = []
            for indice, valor in enumerate(fila):
                titulo = columnas[indice] if indice < len(columnas) else ""
                valor, tipo = _valor_de_columna(str(titulo), valor)
                if tipo is Tipo.PORCENTAJE:
                    tipos_vistos[indice] = tipo
                valores.append(valor)
            filas.append(valores)
        hoja.tabla(
            [
                Columna(str(t), tipos_vistos.get(i, Tipo.AUTO), 40 if i == 0 else 18)
                for i, t in enumerate(columnas)
            ],
            filas,
        )


def libro_anexo(informe, cifras: dict, sha256: str, *, generado: datetime | None = None) -> bytes:
    libro = Libro()
    generado = timezone.localtime(generado or timezone.now(), timezone.get_default_timezone())
    _portada(libro, cifras, sha256, generado)
    for numero, seccion in enumerate(cifras["secciones"], start=1):
        _seccion(libro, numero, seccion)
    return libro.bytes()
