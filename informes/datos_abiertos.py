"""Open data (Ley 20.285, transparencia activa): per region, CSV and JSON files of the mesas,
their sessions and agreements, attendance by institution, communal plans by state and the
convenios in force with their resources. No personal data: institutions and counts only.

Every figure comes from the owning app's indicator selectors (mesas.selectors.indicadores,
omil.selectors, convenios.selectors), the same ones the reports use. The fields are declared once
(CONJUNTOS) and give the files, their Frictionless Table Schema and JSON Schema (datapackage.json)
and the page that documents them. Built daily by beat (informes.tasks.publicar_datos_abiertos)
into the default storage: datos-abiertos/<region>/<conjunto>.<csv|json>.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from convenios.selectors import convenios_vigentes
from mesas.models import Mesa
from mesas.selectors.indicadores import (
    acuerdos_por,
    asistencia_por_institucion_en,
    sesiones_por_mesa,
)
from nucleo.models import Comuna, Region
from omil.models import PlanComunal
from omil.selectors import estados_de_planes

CARPETA = "datos-abiertos"
LICENCIA = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Atribución 4.0",
}


@dataclass(frozen=True)
class Campo:
    nombre: str
    tipo: str  # Table Schema types: string, integer, number, boolean, date
    descripcion: str
    requerido: bool = True


@dataclass(frozen=True)
class Conjunto:
    nombre: str
    titulo: str
    descripcion: str
    campos: tuple[Campo, ...]


CONJUNTOS = (
    Conjunto(
        "mesas",
        "Mesas intersectoriales y sus sesiones",
        "Una fila por mesa (regional o comunal) de la región, con las sesiones programadas, "
        "realizadas y suspendidas desde su inicio.",
        (
            Campo("mesa_id", "integer", "Identificador de la mesa en el sistema."),
            Campo("tipo", "string", "«regional» o «comunal»."),
            Campo("nombre", "string", "Nombre de la mesa."),
            Campo(
                "comuna_codigo", "string", "Código CUT de la comuna (vacío: mesa regional).", False
            ),
            Campo("comuna", "string", "Nombre de la comuna (vacío: mesa regional).", False),
            Campo("fecha_inicio", "date", "Fecha de inicio de la mesa (AAAA-MM-DD)."),
            Campo("activa", "boolean", "Si la mesa sigue funcionando."),
            Campo("poblaciones", "string", "Poblaciones foco, separadas por «;».", False),
            Campo("sesiones_programadas", "integer", "Sesiones programadas (todas)."),
            Campo("sesiones_realizadas", "integer", "Sesiones realizadas."),
            Campo("sesiones_suspendidas", "integer", "Sesiones suspendidas."),
        ),
    ),
    Conjunto(
        "asistencia",
        "Asistencia por institución",
        "Una fila por institución convocada a sesiones realizadas de las mesas de la región. "
        "Por sesión cuenta una vez, con su mejor registro.",
        (
            Campo("institucion", "string", "Nombre de la institución."),
            Campo("sesiones_convocadas", "integer", "Sesiones realizadas a las que fue convocada."),
            Campo("asistio", "integer", "Sesiones en que asistió."),
            Campo("justificada", "integer", "Sesiones con inasistencia justificada."),
            Campo("ausente", "integer", "Sesiones en que no asistió."),
            Campo("porcentaje_asistencia", "number", "asistio / sesiones_convocadas, en %."),
        ),
    ),
    Conjunto(
        "acuerdos",
        "Acuerdos de las mesas y su estado",
        "Una fila por mesa: acuerdos tomados en sus sesiones y cuántos están cumplidos, "
        "abiertos y vencidos a la fecha de publicación.",
        (
            Campo("mesa_id", "integer", "Identificador de la mesa (ver «mesas»)."),
            Campo("mesa", "string", "Nombre de la mesa."),
            Campo("tomados", "integer", "Acuerdos tomados."),
            Campo("cumplidos", "integer", "Acuerdos cumplidos."),
            Campo("abiertos", "integer", "Acuerdos no cumplidos aún."),
            Campo("vencidos", "integer", "Acuerdos pendientes con su plazo vencido."),
        ),
    ),
    Conjunto(
        "planes",
        "Planes comunales por estado",
        "Una fila por comuna de la región con plan comunal del año en curso, con su estado.",
        (
            Campo("anio", "integer", "Año del plan."),
            Campo("comuna_codigo", "string", "Código CUT de la comuna."),
            Campo("comuna", "string", "Nombre de la comuna."),
            Campo("estado", "string", "Borrador, enviado, observado, aprobado…"),
        ),
    ),
    Conjunto(
        "convenios",
        "Convenios vigentes y recursos comprometidos",
        "Una fila por convenio vigente de la dirección regional de SENCE con los servicios.",
        (
            Campo("nombre", "string", "Nombre del convenio."),
            Campo("estado", "string", "Estado del convenio."),
            Campo("fecha_inicio", "date", "Inicio de vigencia (AAAA-MM-DD).", False),
            Campo("fecha_termino", "date", "Término de vigencia (vacío: indefinido).", False),
            Campo(
                "recursos_comprometidos",
                "integer",
                "Recursos comprometidos, en pesos (CLP).",
                False,
            ),
        ),
    ),
)
POR_NOMBRE = {c.nombre: c for c in CONJUNTOS}


# --- Rows --------------------------------------------------------------------------------------
def filas(region: Region, ahora: datetime | None = None) -> dict[str, list[dict]]:
    """{conjunto: rows} of the region, computed with the indicator selectors."""
    ahora = ahora or timezone.now()
    mesas = list(Mesa.objects.filter(region=region).select_related("comuna").order_by("pk"))
    ids = [m.pk for m in mesas]
    sesiones = sesiones_por_mesa(mesas=ids, desde=None, hasta=None, ahora=ahora)
    acuerdos = acuerdos_por(mesas=ids, desde=None, hasta=None, ahora=ahora)
    asistencia = asistencia_por_institucion_en(mesas=ids, desde=None, hasta=None, ahora=ahora)
    anio = timezone.localdate(ahora).year
    estados = estados_de_planes(regiones=[region.codigo], anio=anio)
    comunas = dict(Comuna.objects.filter(codigo__in=estados).values_list("codigo", "nombre"))
    etiquetas_plan = dict(PlanComunal.Estado.choices)
    vigentes = convenios_vigentes(regiones=[region.codigo]).vigentes
    return {
        "mesas": [
            {
                "mesa_id": m.pk,
                "tipo": m.tipo,
                "nombre": m.nombre,
                "comuna_codigo": m.comuna_id or "",
                "comuna": m.comuna.nombre if m.comuna else "",
                "fecha_inicio": m.fecha_inicio,
                "activa": m.activa,
                "poblaciones": ";".join(m.poblaciones or []),
                "sesiones_programadas": sesiones[m.pk].planificadas,
                "sesiones_realizadas": sesiones[m.pk].realizadas,
                "sesiones_suspendidas": sesiones[m.pk].suspendidas,
            }
            for m in mesas
        ],
        "asistencia": [
            {
                "institucion": a.nombre,
                "sesiones_convocadas": a.convocadas,
                "asistio": a.asistio,
                "justificada": a.justificada,
                "ausente": a.ausente,
                "porcentaje_asistencia": a.porcentaje,
            }
            for a in asistencia
        ],
        "acuerdos": [
            {
                "mesa_id": m.pk,
                "mesa": m.nombre,
                "tomados": acuerdos[m.pk].tomados,
                "cumplidos": acuerdos[m.pk].cumplidos,
                "abiertos": acuerdos[m.pk].abiertos,
                "vencidos": acuerdos[m.pk].vencidos,
            }
            for m in mesas
        ],
        "planes": [
            {
                "anio": anio,
                "comuna_codigo": codigo,
                "comuna": comunas.get(codigo, ""),
                "estado": etiquetas_plan.get(estado, estado),
            }
            for codigo, estado in sorted(estados.items())
        ],
        "convenios": [
            {
                "nombre": c["nombre"],
                "estado": c["estado"],
                "fecha_inicio": c["fecha_inicio"],
                "fecha_termino": c["fecha_termino"],
                "recursos_comprometidos": c["recursos_comprometidos"],
            }
            for c in vigentes
        ],
    }


# --- Files -------------------------------------------------------------------------------------
def _texto(valor) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "true" if valor else "false"
    if isinstance(valor, date):
        return valor.isoformat()
    return str(valor)


def a_csv(conjunto: Conjunto, filas_: list[dict]) -> str:
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\r\n")
    escritor.writerow([c.nombre for c in conjunto.campos])
    for fila in filas_:
        escritor.writerow([_texto(fila[c.nombre]) for c in conjunto.campos])
    return salida.getvalue()


def a_json(conjunto: Conjunto, filas_: list[dict]) -> str:
    def valor(v):
        return v.isoformat() if isinstance(v, date) else v

    datos = [{c.nombre: valor(f[c.nombre]) for c in conjunto.campos} for f in filas_]
    return json.dumps(datos, ensure_ascii=False, indent=1)


_JSON_TIPOS = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
}


def esquema_json(conjunto: Conjunto) -> dict:
    """JSON Schema (draft 2020-12) of the conjunto's JSON file: an array of rows."""
    propiedades = {}
    for c in conjunto.campos:
        tipo = dict(_JSON_TIPOS[c.tipo], description=c.descripcion)
        if not c.requerido and c.tipo != "string":
            tipo = {"anyOf": [tipo, {"type": "null"}], "description": c.descripcion}
        propiedades[c.nombre] = tipo
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": conjunto.titulo,
        "type": "array",
        "items": {
            "type": "object",
            "properties": propiedades,
            "required": [c.nombre for c in conjunto.campos],
            "additionalProperties": False,
        },
    }


def esquema_tabla(conjunto: Conjunto) -> dict:
    """Frictionless Table Schema of the conjunto's CSV file."""
    return {
        "fields": [
            {
                "name": c.nombre,
                "type": c.tipo,
                "description": c.descripcion,
                "constraints": {"required": c.requerido},
            }
            for c in conjunto.campos
        ],
        "missingValues": [""],
    }


def paquete(region: Region, generado: datetime | None = None) -> dict:
    """Frictionless Data Package describing the region's files."""
    recursos = []
    for c in CONJUNTOS:
        recursos.append(
            {
                "name": f"{c.nombre}-csv",
                "path": f"{c.nombre}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": c.titulo,
                "description": c.descripcion,
                "schema": esquema_tabla(c),
            }
        )
        recursos.append(
            {
                "name": f"{c.nombre}-json",
                "path": f"{c.nombre}.json",
                "format": "json",
                "mediatype": "application/json",
                "title": c.titulo,
                "jsonSchema": esquema_json(c),
            }
        )
    datos = {
        "name": f"mesas-intersectoriales-{region.codigo}",
        "title": f"Mesas Intersectoriales de empleo · {region.nombre}",
        "description": "Datos abiertos de la red de servicios públicos de empleo (Ley 20.285). "
        "Sin datos personales.",
        "licenses": [LICENCIA],
        "resources": recursos,
    }
    if generado is not None:
        datos["created"] = generado.isoformat(timespec="seconds")
    return datos


def ruta(region_codigo: str, archivo: str) -> str:
    return f"{CARPETA}/{region_codigo}/{archivo}"


def _guardar(nombre: str, contenido: str) -> None:
    if default_storage.exists(nombre):
        default_storage.delete(nombre)
    default_storage.save(nombre, ContentFile(contenido.encode("utf-8")))


def publicar(region: Region, ahora: datetime | None = None) -> list[str]:
    """Writes the region's files (replacing yesterday's); returns their storage names."""
    ahora = ahora or timezone.now()
    todas = filas(region, ahora)
    escritos = []
    for c in CONJUNTOS:
        for extension, contenido in (
            ("csv", a_csv(c, todas[c.nombre])),
            ("json", a_json(c, todas[c.nombre])),
        ):
            nombre = ruta(region.codigo, f"{c.nombre}.{extension}")
            _guardar(nombre, contenido)
            escritos.append(nombre)
    nombre = ruta(region.codigo, "datapackage.json")
    _guardar(nombre, json.dumps(paquete(region, ahora), ensure_ascii=False, indent=1))
    escritos.append(nombre)
    return escritos


def regiones_con_red() -> list[Region]:
    """Regions with at least one mesa: the ones whose data is published."""
    return list(Region.objects.filter(mesas__isnull=False).distinct().order_by("codigo"))


def publicar_todas(ahora: datetime | None = None) -> int:
    return sum(len(publicar(r, ahora)) for r in regiones_con_red())
