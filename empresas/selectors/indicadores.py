"""The Red de Empleadores' indicators, each defined once: the home panel and the reports call
these functions and never count visits, outcomes or encuentros themselves.

`ahora` is the moment the figure is read at; with `historial=True` the visits, invitations,
encuentros, participations and companies are read as recorded at `ahora`
(nucleo.corte.filas_al), so a closed period's report keeps its figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import timezone

from empresas.models import (
    AcuerdoVisita,
    Empresa,
    EncuentroEmpresarial,
    InvitacionVisita,
    ParticipacionEncuentro,
    VisitaEmpresa,
)
from empresas.selectors.empresas import empresas_visibles
from empresas.selectors.visitas import visitas_visibles
from nucleo.corte import filas_al
from nucleo.models import Institucion

SANTIAGO = timezone.get_default_timezone()


@dataclass
class ResultadosVisitas:
    """Joint company visits starting in the window: all scheduled (`visitas`), held
    (`realizadas`), suspended (`suspendidas`); over the held ones: distinct companies visited
    (`empresas`), vacancies offered (`vacantes`), people referred (`derivadas`), visits with a
    training agreed, e.g. Más Capaz (`capacitaciones`). Units: visits, companies, vacancies,
    people."""

    visitas: int = 0
    realizadas: int = 0
    suspendidas: int = 0
    empresas: int = 0
    vacantes: int = 0
    derivadas: int = 0
    capacitaciones: int = 0


def _filas_visitas(filtro, desde, hasta, ahora, historial) -> list[dict]:
    return filas_al(
        VisitaEmpresa,
        ahora if historial else None,
        filtro=filtro & Q(inicio__gte=desde, inicio__lt=hasta),
        campos=[
            "empresa_id",
            "estado",
            "vacantes_ofrecidas",
            "personas_derivadas",
            "capacitaciones_acordadas",
        ],
    )


def resultados_visitas(
    *, filtro: Q, desde: datetime, hasta: datetime, ahora: datetime, historial: bool = False
) -> ResultadosVisitas:
    """Visits and outcomes (see ResultadosVisitas) of the visits matching `filtro`, e.g.
    Q(empresa__comuna__region_id="05") or the visits a user sees."""
    r = ResultadosVisitas()
    empresas = set()
    for v in _filas_visitas(filtro, desde, hasta, ahora, historial):
        r.visitas += 1
        r.suspendidas += v["estado"] == VisitaEmpresa.Estado.SUSPENDIDA
        if v["estado"] != VisitaEmpresa.Estado.REALIZADA:
            continue
        r.realizadas += 1
        empresas.add(v["empresa_id"])
        r.vacantes += v["vacantes_ofrecidas"] or 0
        r.derivadas += v["personas_derivadas"] or 0
        r.capacitaciones += bool(v["capacitaciones_acordadas"])
    r.empresas = len(empresas)
    return r


def servicios_en_visitas(
    *, filtro: Q, desde: datetime, hasta: datetime, ahora: datetime, historial: bool = False
) -> list[tuple[str, int, int]]:
    """(institution, invited, confirmed) over the held visits of the window, most confirmations
    first. Units: visits."""
    realizadas = [
        v["id"]
        for v in _filas_visitas(filtro, desde, hasta, ahora, historial)
        if v["estado"] == VisitaEmpresa.Estado.REALIZADA
    ]
    invitaciones = filas_al(
        InvitacionVisita,
        ahora if historial else None,
        filtro=Q(visita_id__in=realizadas),
        campos=["institucion_id", "estado"],
    )
    nombres = dict(
        Institucion.objects.filter(pk__in={i["institucion_id"] for i in invitaciones}).values_list(
            "pk", "nombre"
        )
    )
    conteo: dict[str, list[int]] = {}
    for i in invitaciones:
        c = conteo.setdefault(nombres[i["institucion_id"]], [0, 0])
        c[0] += 1
        c[1] += i["estado"] == InvitacionVisita.Estado.CONFIRMADA
    return sorted(((n, *c) for n, c in conteo.items()), key=lambda f: (-f[2], f[0]))


@dataclass
class ResultadosEncuentros:
    """Encuentros empresariales starting in the window: held (`encuentros`), vacancies committed
    at them (`vacantes`), distinct companies that attended one (`empresas`); and companies that
    joined the Red de Empleadores in the window (`nuevas_red`). Units: encuentros, vacancies,
    companies."""

    encuentros: int = 0
    vacantes: int = 0
    empresas: int = 0
    nuevas_red: int = 0


def resultados_encuentros(
    *, regiones: list[str], desde: datetime, hasta: datetime, ahora: datetime,
    historial: bool = False,
) -> ResultadosEncuentros:  # fmt: skip
    """Encuentros and new members of the network (see ResultadosEncuentros)."""
    al = ahora if historial else None
    r = ResultadosEncuentros()
    encuentros = filas_al(
        EncuentroEmpresarial,
        al,
        filtro=Q(region_id__in=regiones, inicio__gte=desde, inicio__lt=hasta),
        campos=["estado", "vacantes_comprometidas"],
    )
    for e in encuentros:
        if e["estado"] == EncuentroEmpresarial.Estado.REALIZADO:
            r.encuentros += 1
            r.vacantes += e["vacantes_comprometidas"] or 0
    r.empresas = len(
        {
            p["empresa_id"]
            for p in filas_al(
                ParticipacionEncuentro,
                al,
                filtro=Q(
                    encuentro_id__in=[e["id"] for e in encuentros],
                    estado=ParticipacionEncuentro.Estado.ASISTIO,
                ),
                campos=["empresa_id"],
            )
        }
    )
    r.nuevas_red = len(
        filas_al(
            Empresa,
            al,
            filtro=Q(
                comuna__region_id__in=regiones,
                miembro_red_desde__gte=desde.date(),
                miembro_red_desde__lt=hasta.date(),
            ),
            campos=[],
        )
    )
    return r


def acuerdos_de_visita_vencidos(*, visitas: Q, hoy: date) -> int:
    """Agreements of the visits matching `visitas` still pending past their deadline on `hoy`
    (AcuerdoVisita.vencido_al). Unit: agreements."""
    return AcuerdoVisita.objects.filter(
        visitas, estado=AcuerdoVisita.Estado.PENDIENTE, fecha_limite__lt=hoy
    ).count()


def resumen_red(usuario, ahora: datetime) -> dict[str, int]:
    """The Red de Empleadores over what `usuario` sees: companies (`empresas`), members of the
    network (`miembros`), visits held this calendar year (`visitas_anio`, as in
    resultados_visitas) and overdue visit agreements (`acuerdos_vencidos`). Units: companies,
    visits, agreements."""
    hoy = timezone.localdate(ahora)
    visitas = visitas_visibles(usuario).values("pk")
    enero = datetime(hoy.year, 1, 1, tzinfo=SANTIAGO)
    return {
        **empresas_visibles(usuario).aggregate(
            empresas=Count("pk"), miembros=Count("pk", filter=Q(miembro_red_desde__isnull=False))
        ),
        "visitas_anio": resultados_visitas(
            filtro=Q(id__in=visitas),
            desde=enero,
            hasta=enero.replace(year=hoy.year + 1),
            ahora=ahora,
        ).realizadas,
        "acuerdos_vencidos": acuerdos_de_visita_vencidos(visitas=Q(visita__in=visitas), hoy=hoy),
    }
