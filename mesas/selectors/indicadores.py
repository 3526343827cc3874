"""The mesas' indicators, each defined once: the home panels, the panorama and the reports call
these functions and never count sessions, minutes, agreements or attendance themselves.

Every function takes the mesas (ids), a window of session starts [`desde`, `hasta`) where it
applies, and `ahora`: the moment the figure is read at (deadlines are measured against it). With
`historial=True` the rows are read as they were recorded at `ahora` (nucleo.corte.filas_al), so
a report of a closed period keeps its figures whatever happens later; without it, today's rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from mesas.models import DIAS_MINUTA_A_TIEMPO, Acuerdo, Asistencia, Minuta, Sesion
from nucleo.corte import filas_al
from nucleo.models import Institucion


def sumar(conteos: Iterable, tipo: type):
    """The field-by-field sum of dataclass counts (e.g. a region's total over its mesas)."""
    total = tipo()
    for c in conteos:
        for f in fields(tipo):
            setattr(total, f.name, getattr(total, f.name) + getattr(c, f.name))
    return total


def porcentaje(parte: int, total: int) -> float:
    """Percentage with one decimal; 0.0 when there is nothing to divide by."""
    return round(100 * parte / total, 1) if total else 0.0


def _sesiones(mesas, desde, hasta, ahora, historial) -> list[dict]:
    filtro = Q(mesa_id__in=list(mesas))
    if desde is not None:
        filtro &= Q(inicio__gte=desde)
    if hasta is not None:
        filtro &= Q(inicio__lt=hasta)
    return filas_al(
        Sesion,
        ahora if historial else None,
        filtro=filtro,
        campos=["mesa_id", "estado", "fin", "inicio"],
    )


# --- Sessions held vs planned ---------------------------------------------------------------------
@dataclass
class ConteoSesiones:
    """Sessions whose start falls in the window: all scheduled (`planificadas`, whatever their
    state), held (`realizadas`) and suspended (`suspendidas`). Unit: sessions."""

    planificadas: int = 0
    realizadas: int = 0
    suspendidas: int = 0


def sesiones_por_mesa(
    *, mesas: Iterable[int], desde: datetime | None, hasta: datetime | None, ahora: datetime,
    historial: bool = False,
) -> dict[int, ConteoSesiones]:  # fmt: skip
    """{mesa id: ConteoSesiones} — sessions held vs planned; states as of `ahora`."""
    resultado: dict[int, ConteoSesiones] = defaultdict(ConteoSesiones)
    for s in _sesiones(mesas, desde, hasta, ahora, historial):
        c = resultado[s["mesa_id"]]
        c.planificadas += 1
        c.realizadas += s["estado"] == Sesion.Estado.REALIZADA
        c.suspendidas += s["estado"] == Sesion.Estado.SUSPENDIDA
    return resultado


# --- Minutes on time ------------------------------------------------------------------------------
@dataclass
class ConteoMinutas:
    """Over the held sessions of the window. A session's minute is *expected* once its deadline
    (the session's end + DIAS_MINUTA_A_TIEMPO days) has passed at `ahora`, or as soon as one is
    uploaded; *on time* when the first minute (not deleted at `ahora`) was uploaded by the
    deadline; *missing* when expected and none was uploaded by `ahora`. Unit: sessions."""

    esperadas: int = 0
    con_minuta: int = 0
    a_tiempo: int = 0
    faltantes: int = 0


def minutas_a_tiempo(
    *, mesas: Iterable[int], desde: datetime | None, hasta: datetime | None, ahora: datetime,
    historial: bool = False,
) -> dict[int, ConteoMinutas]:  # fmt: skip
    """{mesa id: ConteoMinutas} — minutes on time (see ConteoMinutas)."""
    realizadas = [
        s
        for s in _sesiones(mesas, desde, hasta, ahora, historial)
        if s["estado"] == Sesion.Estado.REALIZADA
    ]
    primera: dict[int, datetime] = {}
    # Minutes carry their own upload and deletion times: enough to read them as of `ahora`.
    for m in Minuta.todas.filter(
        Q(eliminada_at__isnull=True) | Q(eliminada_at__gt=ahora),
        sesion_id__in=[s["id"] for s in realizadas],
        created_at__lte=ahora,
    ).values("sesion_id", "created_at"):
        if m["sesion_id"] not in primera or m["created_at"] < primera[m["sesion_id"]]:
            primera[m["sesion_id"]] = m["created_at"]
    plazo = timedelta(days=DIAS_MINUTA_A_TIEMPO)
    resultado: dict[int, ConteoMinutas] = defaultdict(ConteoMinutas)
    for s in realizadas:
        vence = s["fin"] + plazo
        subida = primera.get(s["id"])
        if subida is None and vence > ahora:
            continue  # still within its deadline: not yet expected
        c = resultado[s["mesa_id"]]
        c.esperadas += 1
        c.con_minuta += subida is not None
        c.a_tiempo += subida is not None and subida <= vence
        c.faltantes += subida is None
    return resultado


# --- Agreements -----------------------------------------------------------------------------------
@dataclass
class ConteoAcuerdos:
    """Agreements taken (`tomados`), fulfilled (`cumplidos`), open (`abiertos`: not fulfilled) and
    overdue (`vencidos`: marked overdue, or still pending with a deadline before `ahora`'s date).
    Unit: agreements."""

    tomados: int = 0
    cumplidos: int = 0
    abiertos: int = 0
    vencidos: int = 0


def acuerdos_por(
    *, mesas: Iterable[int], desde: datetime | None, hasta: datetime | None, ahora: datetime,
    clave: str = "mesa_id", historial: bool = False,
) -> dict[object, ConteoAcuerdos]:  # fmt: skip
    """{`clave` value: ConteoAcuerdos} for the agreements taken at sessions starting in the window
    (all of the mesas' agreements when `desde` and `hasta` are None). `clave`: "mesa_id" or
    "institucion_responsable_id"."""
    filtro = Q(mesa_id__in=list(mesas))
    if desde is not None:
        filtro &= Q(sesion__inicio__gte=desde)
    if hasta is not None:
        filtro &= Q(sesion__inicio__lt=hasta)
    hoy = timezone.localdate(ahora)
    resultado: dict[object, ConteoAcuerdos] = defaultdict(ConteoAcuerdos)
    for a in filas_al(
        Acuerdo,
        ahora if historial else None,
        filtro=filtro,
        campos=sorted({clave, "estado", "fecha_limite"}),
    ):
        c = resultado[a[clave]]
        c.tomados += 1
        cumplido = a["estado"] == Acuerdo.Estado.CUMPLIDO
        c.cumplidos += cumplido
        c.abiertos += not cumplido
        c.vencidos += a["estado"] == Acuerdo.Estado.VENCIDO or (
            a["estado"] == Acuerdo.Estado.PENDIENTE and a["fecha_limite"] < hoy
        )
    return resultado


# --- Attendance per institution -------------------------------------------------------------------
@dataclass
class AsistenciaInstitucion:
    """One institution over the held sessions of the window it was invited to (`convocadas`). Per
    session it counts once, with its best record: attended if any of its invitees attended, else
    excused, else absent. `porcentaje` = attended / convened, in %, one decimal."""

    institucion_id: int
    nombre: str
    convocadas: int = 0
    asistio: int = 0
    justificada: int = 0
    ausente: int = 0

    @property
    def porcentaje(self) -> float:
        return porcentaje(self.asistio, self.convocadas)


PRIORIDAD_ASISTENCIA = {
    Asistencia.Estado.ASISTIO: 3,
    Asistencia.Estado.JUSTIFICADA: 2,
    Asistencia.Estado.AUSENTE: 1,
}


def asistencia_por_institucion_en(
    *, mesas: Iterable[int], desde: datetime | None, hasta: datetime | None, ahora: datetime,
    historial: bool = False,
) -> list[AsistenciaInstitucion]:  # fmt: skip
    """Attendance rate per institution (see AsistenciaInstitucion), by institution name."""
    realizadas = [
        s["id"]
        for s in _sesiones(mesas, desde, hasta, ahora, historial)
        if s["estado"] == Sesion.Estado.REALIZADA
    ]
    mejor: dict[tuple[int, int], str] = {}
    for a in filas_al(
        Asistencia,
        ahora if historial else None,
        filtro=Q(sesion_id__in=realizadas),
        campos=["sesion_id", "institucion_id", "estado"],
    ):
        clave = (a["institucion_id"], a["sesion_id"])
        actual = mejor.get(clave)
        if actual is None or PRIORIDAD_ASISTENCIA.get(a["estado"], 0) > PRIORIDAD_ASISTENCIA.get(
            actual, 0
        ):
            mejor[clave] = a["estado"]
    nombres = dict(
        Institucion.objects.filter(pk__in={i for i, _ in mejor}).values_list("pk", "nombre")
    )
    filas: dict[int, AsistenciaInstitucion] = {}
    for (institucion, _), estado in mejor.items():
        f = filas.setdefault(institucion, AsistenciaInstitucion(institucion, nombres[institucion]))
        f.convocadas += 1
        f.asistio += estado == Asistencia.Estado.ASISTIO
        f.justificada += estado == Asistencia.Estado.JUSTIFICADA
        f.ausente += estado == Asistencia.Estado.AUSENTE
    return sorted(filas.values(), key=lambda f: f.nombre)
