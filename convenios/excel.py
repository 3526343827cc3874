"""Excel export of a list of convenios, written by the shared writer (nucleo.hojas)."""

from __future__ import annotations

from datetime import date

from convenios.models import Convenio, Vigencia
from nucleo.hojas import Columna, Libro, Tipo

COLUMNAS = [
    Columna("Convenio", Tipo.TEXTO, 45),
    Columna("Tipo", Tipo.TEXTO, 26),
    Columna("Instituciones", Tipo.TEXTO, 35),
    Columna("Resolución N°", Tipo.TEXTO, 14),
    Columna("Fecha resolución", Tipo.FECHA, 14),
    Columna("Fecha de firma", Tipo.FECHA, 14),
    Columna("Inicio de vigencia", Tipo.FECHA, 14),
    Columna("Término de vigencia", Tipo.FECHA, 14),
    Columna("Renovación automática", Tipo.TEXTO, 14),
    Columna("Estado", Tipo.TEXTO, 22),
    Columna("Recursos comprometidos (CLP)", Tipo.CLP, 20),
    Columna("Días para vencer", Tipo.ENTERO, 12),
]


def _fila(convenio: Convenio, hoy: date) -> list:
    vigencia = convenio.vigencia(hoy)
    dias = (
        (convenio.fecha_termino - hoy).days
        if convenio.fecha_termino and vigencia in (Vigencia.VIGENTE, Vigencia.POR_INICIAR)
        else None
    )
    renovacion = (
        f"Sí, cada {convenio.renovacion_meses} meses" if convenio.renovacion_automatica else "No"
    )
    return [
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


def libro_convenios(convenios: list[Convenio], *, hoy: date, titulo: str) -> bytes:
    libro = Libro()
    hoja = libro.hoja("Convenios")
    hoja.titulo(titulo)
    hoja.vacia()
    hoja.tabla(COLUMNAS, (_fila(c, hoy) for c in convenios))
    return libro.bytes()
