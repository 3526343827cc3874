"""Scoped reads of the omil app: plans, the regional directory and the programme catalogue."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from nucleo.alcance import alcance_de
from nucleo.corte import filas_al
from nucleo.historial import Cambio, cambios_entre
from nucleo.models import Institucion, Membresia, Programa, Rol
from omil.models import (
    AvanceLinea,
    LineaAccion,
    PlanComunal,
    PoblacionFoco,
    TransicionPlan,
    q_linea_atrasada,
)

if TYPE_CHECKING:
    from omil.filters import DirectorioFilter, PlanFilter, ProfesionalFilter, ProgramaFilter

# --- Plans --------


def planes_visibles(usuario) -> QuerySet[PlanComunal]:
    """SENCE staff: their regions; OMIL: their comunas; representatives: plans with a line of
    action their office takes part in."""
    alcance = alcance_de(usuario)
    q = alcance.filtro_lectura("comuna__region_id", "comuna_id")  # + the comuna's authority
    servicios = alcance.instituciones_servicio()
    if servicios:
        q |= Q(pk__in=LineaAccion.objects.filter(servicios__in=servicios).values("plan_id"))
    return PlanComunal.objects.filter(q).select_related("comuna", "comuna__provincia")


def planes_eliminados_visibles(usuario) -> QuerySet[PlanComunal]:
    """Deleted plans the user may restore: its comuna's (OMIL) or its region's (SENCE)."""
    alcance = alcance_de(usuario)
    return PlanComunal.todos.filter(
        alcance.filtro_territorio("comuna__region_id", "comuna_id"), eliminado_at__isnull=False
    ).select_related("comuna", "eliminado_por")


def planes_para_lista(usuario) -> QuerySet[PlanComunal]:
    return planes_visibles(usuario).annotate(
        n_lineas=Count("lineas", distinct=True),
        n_atrasadas=Count("lineas", filter=q_linea_atrasada(prefijo="lineas__"), distinct=True),
    )


@dataclass(frozen=True)
class AvanceDelPlan:
    """A plan's progress as its pages show it: lines, completed, overdue and the mean %."""

    lineas: int
    cumplidas: int
    atrasadas: int
    promedio: int


def avance_del_plan(lineas: list[LineaAccion]) -> AvanceDelPlan:
    """From lines already in memory (the page's prefetch); overdue by LineaAccion.atrasada."""
    total = len(lineas)
    return AvanceDelPlan(
        lineas=total,
        cumplidas=sum(linea.estado == LineaAccion.Estado.CUMPLIDA for linea in lineas),
        atrasadas=sum(linea.atrasada for linea in lineas),
        promedio=round(sum(linea.porcentaje for linea in lineas) / total) if total else 0,
    )


def ids_de_lineas_atrasadas(plan: PlanComunal) -> set[int]:
    return set(plan.lineas.atrasadas().values_list("pk", flat=True))


def plan_con_detalle(usuario) -> QuerySet[PlanComunal]:
    return (
        planes_visibles(usuario)
        .select_related("actualizado_por")
        .prefetch_related(
            Prefetch(
                "lineas",
                queryset=LineaAccion.objects.select_related("programa__servicio").prefetch_related(
                    Prefetch("servicios", queryset=Institucion.objects.select_related("servicio")),
                    Prefetch("avances", queryset=AvanceLinea.objects.select_related("por")),
                ),
            ),
            Prefetch("transiciones", queryset=TransicionPlan.objects.select_related("por")),
        )
    )


def lineas_visibles(usuario) -> QuerySet[LineaAccion]:
    return LineaAccion.objects.filter(plan__in=planes_visibles(usuario)).select_related(
        "plan", "plan__comuna"
    )


def servicios_de_region(region_id: str) -> QuerySet[Institucion]:
    """Service offices that can take part in a line of action (SENCE included)."""
    return Institucion.objects.filter(
        region_id=region_id, tipo=Institucion.Tipo.REGIONAL, activa=True
    ).select_related("servicio")


def programas_de_region(region_id: str) -> QuerySet[Programa]:
    """The national catalogue plus the region's own programmes."""
    return (
        Programa.objects.filter(activo=True)
        .filter(
            Q(ficha__isnull=True) | Q(ficha__region__isnull=True) | Q(ficha__region_id=region_id)
        )
        .select_related("servicio")
        .order_by("servicio__sigla", "nombre")
    )


def destinatarios_sence(region_id: str) -> list[str]:
    return _correos(
        Membresia.objects.filter(
            institucion__region_id=region_id,
            institucion__servicio__codigo="sence",
            institucion__tipo=Institucion.Tipo.REGIONAL,
            rol__in=[Rol.ARTICULADOR, Rol.DIRECTOR],
        )
    )


def destinatarios_omil(comuna_id: str) -> list[str]:
    return _correos(
        Membresia.objects.filter(
            institucion__comuna_id=comuna_id,
            institucion__tipo=Institucion.Tipo.OMIL,
            rol__in=[Rol.ENCARGADO_OMIL, Rol.GESTOR_TERRITORIAL],
        )
    )


def _correos(membresias: QuerySet[Membresia]) -> list[str]:
    return sorted(
        set(
            membresias.filter(activa=True, usuario__is_active=True, institucion__activa=True)
            .exclude(usuario__email="")
            .values_list("usuario__email", flat=True)
        )
    )


# --- Indicators (each defined once; panels, panorama and reports call these) --------


def estados_de_planes(
    *, regiones: list[str], anio: int, al: datetime | None = None
) -> dict[str, str]:
    """{comuna code: plan state} of the `anio` plans of `regiones` (deleted plans left out).
    `al` None: today's states; a moment: the states recorded at that moment (simple-history)."""
    return {f["comuna_id"]: f["estado"] for f in _planes_al(regiones, anio, al, ["estado"])}


def _planes_al(regiones: list[str], anio: int, al: datetime | None, campos: list[str]):
    """The `anio` plans of `regiones` not deleted at `al` (now when None), as filas_al rows."""
    vigente = Q(eliminado_at__isnull=True)
    if al is not None:
        vigente |= Q(eliminado_at__gt=al)
    return filas_al(
        PlanComunal,
        al,
        filtro=Q(comuna__region_id__in=regiones, anio=anio) & vigente,
        campos=["comuna_id", *campos],
    )


def planes_por_estado(
    *, regiones: list[str], anio: int, al: datetime | None = None
) -> dict[str, int]:
    """Plans by state: {state value: number of plans}, every PlanComunal.Estado present (0 when
    none), for the `anio` plans of `regiones`, as of `al` (see estados_de_planes). Unit: plans."""
    conteo = Counter(estados_de_planes(regiones=regiones, anio=anio, al=al).values())
    return {e.value: conteo.get(e.value, 0) for e in PlanComunal.Estado}


def lineas_atrasadas_por_comuna(
    *, regiones: list[str], anio: int, al: datetime | None = None, hoy: date | None = None
) -> dict[str, int]:
    """{comuna code: overdue lines of action} of the `anio` plans of `regiones` (a comuna with a
    plan and none overdue: 0). Overdue by LineaAccion.atrasada_al: deadline before `hoy`, still
    pending or in progress. `al` None: today's plans and lines; a moment: as recorded then
    (simple-history), the report's cut-off. `hoy` defaults to the date of `al`, or today.
    Unit: lines."""
    hoy = hoy or (timezone.localdate(al) if al is not None else timezone.localdate())
    planes = {f["id"]: f["comuna_id"] for f in _planes_al(regiones, anio, al, [])}
    resultado = dict.fromkeys(planes.values(), 0)
    for linea in filas_al(
        LineaAccion, al, filtro=Q(plan_id__in=list(planes)), campos=["plan_id", "plazo", "estado"]
    ):
        atrasada = LineaAccion(plazo=linea["plazo"], estado=linea["estado"]).atrasada_al(hoy)
        resultado[planes[linea["plan_id"]]] += atrasada
    return resultado


def lineas_atrasadas(lineas: QuerySet[LineaAccion], *, al: date | None = None):
    """The overdue lines among `lineas` (the rule: omil.models.q_linea_atrasada)."""
    return lineas.filter(q_linea_atrasada(al=al))


# --- Comparing two versions --------

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


# --- Directory --------


def regiones_del_directorio(usuario) -> list[str]:
    return sorted(alcance_de(usuario).regiones())


def omiles_de_region(region_id: str) -> QuerySet[Institucion]:
    equipo = Membresia.objects.filter(
        activa=True, usuario__is_active=True, rol__in=[Rol.ENCARGADO_OMIL, Rol.GESTOR_TERRITORIAL]
    ).select_related("usuario")
    return (
        Institucion.objects.filter(region_id=region_id, tipo=Institucion.Tipo.OMIL, activa=True)
        .select_related("comuna", "comuna__provincia")
        .prefetch_related(Prefetch("membresias", queryset=equipo, to_attr="equipo"))
        .order_by("comuna__provincia__codigo", "comuna__nombre")
    )


def buscar_omiles(qs: QuerySet[Institucion], texto: str) -> QuerySet[Institucion]:
    """OMIL whose name, comuna or province contains the text (omil.filters.DirectorioFilter)."""
    return qs.filter(
        Q(nombre__icontains=texto)
        | Q(comuna__nombre__icontains=texto)
        | Q(comuna__provincia__nombre__icontains=texto)
    )


def profesionales_de_region(region_id: str) -> QuerySet[Membresia]:
    return (
        Membresia.objects.filter(
            institucion__region_id=region_id,
            institucion__activa=True,
            activa=True,
            usuario__is_active=True,
        )
        .select_related("usuario", "institucion", "institucion__servicio", "institucion__comuna")
        .order_by("institucion__tipo", "institucion__nombre", "usuario__first_name")
    )


def buscar_profesionales(qs: QuerySet[Membresia], texto: str) -> QuerySet[Membresia]:
    """People whose name, position or institution contains every word of the text."""
    for palabra in texto.split():
        qs = qs.filter(
            Q(usuario__first_name__icontains=palabra)
            | Q(usuario__last_name__icontains=palabra)
            | Q(cargo__icontains=palabra)
            | Q(institucion__nombre__icontains=palabra)
        )
    return qs


def enlace_whatsapp(telefono: str) -> str:
    """https://wa.me/<digits> for a Chilean mobile number; "" for landlines and junk."""
    digitos = re.sub(r"\D", "", telefono or "")
    if len(digitos) == 9 and digitos.startswith("9"):
        digitos = f"56{digitos}"
    if len(digitos) == 11 and digitos.startswith("569"):
        return f"https://wa.me/{digitos}"
    return ""


def enlace_telefono(telefono: str) -> str:
    limpio = re.sub(r"[^\d+]", "", telefono or "")
    return f"tel:{limpio}" if limpio else ""


# --- Programme catalogue --------


def programas_visibles(usuario) -> QuerySet[Programa]:
    """National catalogue plus the regional programmes of the user's regions."""
    regiones = alcance_de(usuario).regiones()
    return (
        Programa.objects.filter(
            Q(ficha__isnull=True) | Q(ficha__region__isnull=True) | Q(ficha__region_id__in=regiones)
        )
        .select_related("servicio", "ficha", "ficha__region", "ficha__actualizado_por")
        .order_by("servicio__sigla", "nombre")
    )


def buscar_programas(
    qs: QuerySet[Programa], *, texto: str = "", servicio: int | None = None, poblacion: str = ""
) -> QuerySet[Programa]:
    for palabra in texto.split():
        qs = qs.filter(
            Q(nombre__icontains=palabra)
            | Q(descripcion__icontains=palabra)
            | Q(poblacion_objetivo__icontains=palabra)
            | Q(ficha__requisitos__icontains=palabra)
            | Q(ficha__como_derivar__icontains=palabra)
        )
    if servicio:
        qs = qs.filter(servicio_id=servicio)
    if poblacion:
        q = Q()
        for palabra in PALABRAS_POBLACION.get(poblacion, [poblacion]):
            q |= Q(poblacion_objetivo__icontains=palabra) | Q(descripcion__icontains=palabra)
        qs = qs.filter(q)
    return qs


# Free-text target populations, matched to the focus populations of plans.
PALABRAS_POBLACION = {
    "discapacidad": ["discapacidad"],
    "mujeres": ["mujer"],
    "consumo_drogas": ["drogas", "consumo", "rehabilitación"],
    "jovenes": ["joven", "jóvenes"],
    "personas_mayores": ["mayores"],
    "migrantes": ["migrante"],
    "pueblos_originarios": ["pueblos originarios", "indígena"],
    "reinsercion": ["reinserción", "infractor"],
}


# --- The lists, through their FilterSets (omil.filters reads this module: imported in place) ---
def planes_filtrados(usuario, datos) -> tuple[PlanFilter, QuerySet[PlanComunal]]:
    """The plans list: what the user sees, through PlanFilter with `datos` (the query string;
    the years offered are those of the visible plans), newest year first, by province and
    comuna; alone, so that counting and paging join nothing."""
    from omil.filters import PlanFilter

    planes = planes_visibles(usuario).select_related(None)
    anios = list(planes.order_by("-anio").values_list("anio", flat=True).distinct())
    filtro = PlanFilter(datos or None, queryset=planes, anios=anios)
    orden = ("-anio", "comuna__provincia__codigo", "comuna__nombre", "pk")
    return filtro, filtro.qs.order_by(*orden)


def programas_filtrados(usuario, datos) -> tuple[ProgramaFilter, QuerySet[Programa]]:
    """The active programmes the user sees, through ProgramaFilter with `datos`."""
    from omil.filters import ProgramaFilter

    activos = programas_visibles(usuario).filter(activo=True)
    filtro = ProgramaFilter(datos or None, queryset=activos)
    return filtro, filtro.qs


def omiles_filtradas(region, regiones, datos) -> tuple[DirectorioFilter, QuerySet[Institucion]]:
    """The OMIL directory of `region` (one of `regiones`, the user's: the view's scope choice),
    through DirectorioFilter with `datos`."""
    from omil.filters import DirectorioFilter

    filtro = DirectorioFilter(
        datos or None, queryset=omiles_de_region(region.pk), regiones=regiones
    )
    return filtro, filtro.qs


def profesionales_filtrados(
    region, regiones, datos
) -> tuple[ProfesionalFilter, QuerySet[Membresia]]:
    """The OMIL professionals of `region`, through ProfesionalFilter with `datos`."""
    from omil.filters import ProfesionalFilter

    filtro = ProfesionalFilter(
        datos or None, queryset=profesionales_de_region(region.pk), regiones=regiones
    )
    return filtro, filtro.qs
