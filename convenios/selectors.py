"""Scoped reads of convenios, with the state derived from today's date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Case, CharField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from convenios.filters import ConvenioFilter
from convenios.models import AlertaConvenio, Convenio, ObligacionConvenio, Vigencia
from nucleo.alcance import alcance_de
from nucleo.corte import filas_al
from nucleo.historial import Version, versiones
from nucleo.models import Institucion, Membresia, Rol
from nucleo.templatetags.nucleo import clp


def anotar_vigencia(qs: QuerySet[Convenio], hoy: date | None = None) -> QuerySet[Convenio]:
    """`vigencia_hoy`: the same rule as Convenio.vigencia(), computed by the database."""
    hoy = hoy or timezone.localdate()
    return qs.annotate(
        vigencia_hoy=Case(
            When(estado=Convenio.Estado.TERMINADO, then=Value(Vigencia.TERMINADO)),
            When(estado=Convenio.Estado.EN_PREPARACION, then=Value(Vigencia.EN_PREPARACION)),
            When(fecha_inicio__gt=hoy, then=Value(Vigencia.POR_INICIAR)),
            When(fecha_termino__lt=hoy, then=Value(Vigencia.VENCIDO)),
            default=Value(Vigencia.VIGENTE),
            output_field=CharField(),
        )
    )


def convenios_visibles(usuario) -> QuerySet[Convenio]:
    alcance = alcance_de(usuario)
    q = Q(oficina_sence__region_id__in=alcance.regiones_sence())
    oficinas = alcance.instituciones_servicio()
    if oficinas:
        q |= Q(
            pk__in=Convenio.instituciones.through.objects.filter(
                institucion_id__in=oficinas
            ).values("convenio_id")
        )
    return (
        Convenio.objects.filter(q)
        .select_related("oficina_sence__region", "convenio_padre")
        .prefetch_related(
            Prefetch("instituciones", queryset=Institucion.objects.select_related("servicio"))
        )
    )


def convenios_filtrados(usuario, datos, hoy: date) -> tuple[ConvenioFilter, QuerySet[Convenio]]:
    """The convenios list and its export: what the user sees, with its validity on `hoy`,
    through ConvenioFilter with `datos` (the query string), by end date."""
    qs = anotar_vigencia(convenios_visibles(usuario), hoy)
    instituciones = Institucion.objects.filter(
        region_id__in=alcance_de(usuario).regiones(), tipo=Institucion.Tipo.REGIONAL
    ).exclude(servicio__codigo="sence")
    filtro = ConvenioFilter(datos or None, queryset=qs, instituciones=instituciones)
    return filtro, filtro.qs.distinct().order_by("fecha_termino", "nombre")


def convenio_con_detalle(usuario) -> QuerySet[Convenio]:
    return convenios_visibles(usuario).prefetch_related(
        Prefetch(
            "obligaciones",
            queryset=ObligacionConvenio.objects.select_related("parte__servicio"),
        ),
        "addenda",
        "alertas",
    )


def historial_de_convenio(convenio: Convenio) -> list[Version]:
    """Its changes field by field; parties and obligations are not in the record."""
    return versiones(
        convenio.history.all(),
        excluidos=("creado_por", "actualizado_por"),
        etiquetas={"recursos_comprometidos": "Recursos comprometidos (CLP)"},
        formatos={"recursos_comprometidos": clp},
        archivos={"documento": "documento_nombre"},
    )


def contrapartes_de_region(region_id: str) -> QuerySet[Institucion]:
    """Institutions SENCE can sign with: the region's service offices other than SENCE."""
    return (
        Institucion.objects.filter(region_id=region_id, tipo=Institucion.Tipo.REGIONAL, activa=True)
        .exclude(servicio__codigo="sence")
        .select_related("servicio")
    )


def oficina_sence(region_id: str) -> Institucion | None:
    return Institucion.objects.filter(
        region_id=region_id, tipo=Institucion.Tipo.REGIONAL, servicio__codigo="sence"
    ).first()


@dataclass
class ConveniosVigentes:
    """Convenios in force on `hoy` (Convenio.vigencia is VIGENTE: signed, started, not past its
    end) and those of them expiring within `dias` days (end date on or before `hoy` + `dias`).
    Rows are dicts: id, nombre, fecha_termino, recursos_comprometidos (CLP). Units: convenios;
    `recursos` in CLP, summed over the convenios in force."""

    vigentes: list[dict]
    por_vencer: list[dict]

    @property
    def recursos(self) -> int:
        return sum(c["recursos_comprometidos"] or 0 for c in self.vigentes)


def convenios_vigentes(
    *, regiones, hoy: date | None = None, dias: int = 90, al: datetime | None = None
) -> ConveniosVigentes:
    """The one definition of convenios in force / expiring (see ConveniosVigentes). `al` None:
    today's rows; a moment: the rows as recorded then (a report's cut-off)."""
    hoy = hoy or timezone.localdate()
    filas = filas_al(
        Convenio,
        al,
        filtro=Q(oficina_sence__region_id__in=list(regiones)),
        campos=["nombre", "estado", "fecha_inicio", "fecha_termino", "recursos_comprometidos"],
    )
    vigentes = sorted(
        (
            f
            for f in filas
            if Convenio(
                estado=f["estado"], fecha_inicio=f["fecha_inicio"], fecha_termino=f["fecha_termino"]
            ).vigencia(hoy)
            == Vigencia.VIGENTE
        ),
        key=lambda f: (f["fecha_termino"] is None, f["fecha_termino"] or hoy, f["nombre"]),
    )
    limite = hoy + timedelta(days=dias)
    por_vencer = [f for f in vigentes if f["fecha_termino"] and f["fecha_termino"] <= limite]
    return ConveniosVigentes(vigentes=vigentes, por_vencer=por_vencer)


def por_vencer(regiones, *, hoy: date | None = None, dias: int = 90) -> QuerySet[Convenio]:
    """Convenios of `regiones` in force and expiring within `dias` days (convenios_vigentes)."""
    ids = [c["id"] for c in convenios_vigentes(regiones=regiones, hoy=hoy, dias=dias).por_vencer]
    return (
        Convenio.objects.filter(pk__in=ids)
        .select_related("oficina_sence")
        .prefetch_related("instituciones__servicio", "alertas")
        .order_by("fecha_termino")
    )


def articuladores_de_region(region_id: str) -> list[str]:
    return sorted(
        set(
            Membresia.objects.filter(
                institucion__region_id=region_id,
                institucion__servicio__codigo="sence",
                institucion__tipo=Institucion.Tipo.REGIONAL,
                rol=Rol.ARTICULADOR,
                activa=True,
                usuario__is_active=True,
            )
            .exclude(usuario__email="")
            .values_list("usuario__email", flat=True)
        )
    )


def alertas_de(convenio: Convenio) -> QuerySet[AlertaConvenio]:
    return convenio.alertas.order_by("-created_at")
