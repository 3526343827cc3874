"""Comparing two kept versions of a plan, field by field and line by line."""

from __future__ import annotations

from dataclasses import dataclass, field

from nucleo.historial import Cambio, cambios_entre
from omil.models import (
    PoblacionFoco,
)

CAMPOS_COMPARADOS = {
    "estado": "Estado",
    "poblaciones_foco": "Poblaciones foco",
    "diagnostico": "Diagnóstico",
    "observaciones": "Observaciones de SENCE",
    "documento_nombre": "Plan firmado",
}


CAMPOS_LINEA = {
    "actividad": "Actividad",
    "servicios": "Servicios",
    "programa": "Programa",
    "meta": "Meta",
    "plazo": "Plazo",
    "estado": "Estado",
}


@dataclass
class CambioLinea:
    tipo: str  # "agregada", "eliminada", "modificada"
    actividad: str
    cambios: list[Cambio] = field(default_factory=list)
    id: int | None = None  # the line's pk, to show its state today next to the change


@dataclass
class Comparacion:
    antes: object
    despues: object
    campos: list[Cambio]
    lineas: list[CambioLinea]

    @property
    def sin_cambios(self) -> bool:
        return not self.campos and not self.lineas


def _poblaciones(valor) -> str:
    etiquetas = dict(PoblacionFoco.choices)
    return ", ".join(etiquetas.get(p, p) for p in valor)


def comparar_versiones(antes, despues) -> Comparacion:
    """Field-by-field differences between two historical records of a plan, lines included."""
    campos = cambios_entre(
        antes,
        despues,
        campos=CAMPOS_COMPARADOS,
        etiquetas=CAMPOS_COMPARADOS,
        formatos={"poblaciones_foco": _poblaciones},
    )
    lineas = []
    if antes.lineas_snapshot != despues.lineas_snapshot:
        lineas = _comparar_lineas(antes.lineas_snapshot or [], despues.lineas_snapshot or [])
    return Comparacion(antes=antes, despues=despues, campos=campos, lineas=lineas)


def _comparar_lineas(viejas: list[dict], nuevas: list[dict]) -> list[CambioLinea]:
    por_id_viejas = {linea["id"]: linea for linea in viejas}
    por_id_nuevas = {linea["id"]: linea for linea in nuevas}
    resultado = []
    for linea in nuevas:
        anterior = por_id_viejas.get(linea["id"])
        if anterior is None:
            resultado.append(CambioLinea("agregada", linea["actividad"], id=linea["id"]))
            continue
        cambios = [
            Cambio(etiqueta, anterior.get(clave) or "—", linea.get(clave) or "—")
            for clave, etiqueta in CAMPOS_LINEA.items()
            if anterior.get(clave) != linea.get(clave)
        ]
        if cambios:
            resultado.append(CambioLinea("modificada", linea["actividad"], cambios, id=linea["id"]))
    resultado.extend(
        CambioLinea("eliminada", linea["actividad"], id=linea["id"])
        for linea in viejas
        if linea["id"] not in por_id_nuevas
    )
    return resultado
