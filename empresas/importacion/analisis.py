"""Each row checked against the mapping: RUT, choices, dates, duplicates in the file and in
the network. Nothing here writes."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from django.core.exceptions import ValidationError

from empresas import rut as rut_chileno
from empresas.importacion.campos import (
    CAMPOS,
    Analisis,
    Columna,
    Estado,
    Fila,
    Lectura,
    _clave,
    errores_de_mapeo,
)
from empresas.models import Empresa, Rubro, Tamano


def _elegir(valor: str, opciones, nombre: str) -> tuple[str | None, str | None]:
    clave = _clave(valor)
    for codigo, etiqueta in opciones:
        if clave in {_clave(codigo), _clave(etiqueta)}:
            return codigo, None
    for codigo, etiqueta in opciones:
        if clave and clave in _clave(etiqueta):
            return codigo, None
    return None, f"{nombre} «{valor}» no se reconoce."


def _fecha(valor: str) -> tuple[date | None, str | None]:
    for formato in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(valor, formato).date(), None
        except ValueError:
            continue
    return None, f"La fecha «{valor}» no es válida (usa dd-mm-aaaa)."


def _limpiar_rut(texto: str) -> str:
    """What spreadsheets do to a RUT, undone: any dash (‐ – — −, full-width…) as "-", no
    spaces of any kind, no leading zeros ("076.123.411" is 76.123.411)."""
    texto = unicodedata.normalize("NFKC", texto)
    texto = "".join(
        "-" if unicodedata.category(c) == "Pd" or c == "\u2212" else c
        for c in texto
        if not c.isspace()
    )
    return texto.lstrip("0.") or texto


def _rut(valores: dict[str, str], con_dv: bool) -> tuple[str | None, str | None]:
    """The stored RUT of a row, from one column or from body + check-digit columns."""
    rut = valores.get("rut", "")
    limpio = _limpiar_rut(rut)
    if not con_dv:
        try:
            return rut_chileno.normalizar(limpio), None
        except ValidationError as error:
            return None, f"RUT «{rut}»: {error.messages[0]}"
    dv = _limpiar_rut(valores.get("dv", "")).replace("-", "").upper()
    completo = re.search(r"-[0-9Kk]$", limpio) is not None
    rut = limpio
    if not dv and not completo:
        return None, f"Falta el dígito verificador del RUT «{rut}» (columna del DV vacía)."
    if dv and completo and rut[-1].upper() != dv:
        return None, (
            f"El RUT «{rut}» trae el dígito verificador {rut[-1].upper()} y la columna del DV "
            f"dice {dv}: no coinciden."
        )
    texto = rut if completo else f"{rut}-{dv}"
    try:
        return rut_chileno.normalizar(texto), None
    except ValidationError as error:
        return None, f"RUT «{rut}» con DV «{dv}»: {error.messages[0]}"


def analizar(lectura: Lectura, mapeo: list[str] | None, *, comunas: dict[str, str]) -> Analisis:
    """Each row's status under a column mapping (one field key or "" per column; None for the
    suggested one). `comunas` maps CUT codes and accent-free names to the CUT code the user
    may register companies in. With an unusable mapping no row is analysed."""
    if mapeo is None:
        mapeo = lectura.mapeo_sugerido()
    mapeo = [(c if c in CAMPOS else "") for c in mapeo][: len(lectura.columnas)]
    mapeo += [""] * (len(lectura.columnas) - len(mapeo))
    columnas = [
        Columna(indice=c.indice, titulo=c.titulo, muestras=c.muestras, campo=campo)
        for c, campo in zip(lectura.columnas, mapeo, strict=True)
    ]
    errores = errores_de_mapeo(mapeo)
    if errores:
        return Analisis(
            filas=[], columnas=columnas, errores_mapeo=errores, fila_titulos=lectura.fila_titulos
        )
    con_dv = "dv" in mapeo
    vistas: dict[str, int] = {}
    resultado = []
    for numero, valores_fila in lectura.filas:
        valores = {campo: valores_fila[i] for i, campo in enumerate(mapeo) if campo}
        fila = Fila(numero=numero, valores=valores)
        fila.datos["rut"], error = _rut(valores, con_dv)
        if error:
            fila.errores.append(error)
        razon = valores.get("razon_social", "")
        if not razon:
            fila.errores.append("Falta la razón social.")
        fila.datos["razon_social"] = razon[:200]
        fila.datos["nombre_fantasia"] = valores.get("nombre_fantasia", "")[:200]
        comuna = valores.get("comuna", "")
        codigo = comunas.get(comuna.zfill(5) if comuna.isdigit() else _clave(comuna))
        if not comuna:
            fila.errores.append("Falta la comuna.")
        elif codigo is None:
            fila.errores.append(
                f"La comuna «{comuna}» no existe o no está en tu territorio (usa el nombre o el "
                "código CUT)."
            )
        fila.datos["comuna_id"] = codigo
        for columna, opciones, nombre, defecto in [
            ("rubro", Rubro.choices, "El rubro", Rubro.OTRO),
            ("tamano", Tamano.choices, "El tamaño", Tamano.PEQUENA),
        ]:
            if valores.get(columna):
                elegido, error = _elegir(valores[columna], opciones, nombre)
                if error:
                    fila.errores.append(error)
                fila.datos[columna] = elegido
            else:
                fila.datos[columna] = defecto
        fila.datos["direccion"] = valores.get("direccion", "")[:200]
        fila.datos["telefono"] = valores.get("telefono", "")[:30]
        fila.datos["email"] = valores.get("email", "")
        if fila.datos["email"] and "@" not in fila.datos["email"]:
            fila.errores.append(f"El correo «{fila.datos['email']}» no es válido.")
        if valores.get("miembro_red_desde"):
            fecha, error = _fecha(valores["miembro_red_desde"])
            if error:
                fila.errores.append(error)
            fila.datos["miembro_red_desde"] = fecha
        rut = fila.datos.get("rut")
        if rut and rut in vistas:
            fila.errores.append(f"RUT repetido en la planilla (ya está en la fila {vistas[rut]}).")
        elif rut:
            vistas[rut] = numero
        if fila.errores:
            fila.estado = Estado.ERROR
        resultado.append(fila)
    existentes = set(Empresa.objects.filter(rut__in=list(vistas)).values_list("rut", flat=True))
    for fila in resultado:
        if fila.estado == Estado.NUEVA and fila.datos["rut"] in existentes:
            fila.estado = Estado.EXISTE
    return Analisis(filas=resultado, columnas=columnas, fila_titulos=lectura.fila_titulos)
