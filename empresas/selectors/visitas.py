"""Reads of visits, invitations and the need-to-service rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from empresas.models import (
    AcuerdoVisita,
    Empresa,
    InvitacionVisita,
    TipoNecesidad,
    VisitaEmpresa,
)
from empresas.permissions import ROLES_GESTION_SENCE
from nucleo.alcance import alcance_de
from nucleo.historial import Version, versiones
from nucleo.models import ROLES_OMIL, Institucion, Membresia, Rol, ServicioPublico, Usuario

if TYPE_CHECKING:
    from empresas.filters import VisitaFilter


def visitas_de_empresa(usuario: Usuario, empresa: Empresa) -> QuerySet[VisitaEmpresa]:
    return visitas_visibles(usuario).filter(empresa=empresa)


def visitas_visibles(usuario: Usuario) -> QuerySet[VisitaEmpresa]:
    alcance = alcance_de(usuario)
    servicios = alcance.instituciones_servicio()
    invitada = (
        Q(
            Exists(
                InvitacionVisita.objects.filter(visita=OuterRef("pk"), institucion_id__in=servicios)
            )
        )
        if servicios
        else Q(pk__in=[])
    )
    return (
        VisitaEmpresa.objects.filter(
            alcance.filtro_lectura("empresa__comuna__region", "empresa__comuna") | invitada
        )
        .select_related("empresa__comuna__region", "planificada_por")
        .prefetch_related(
            Prefetch(
                "invitaciones",
                queryset=InvitacionVisita.objects.select_related(
                    "institucion__servicio", "respondido_por"
                ),
            )
        )
    )


def visita_con_detalle(usuario: Usuario) -> QuerySet[VisitaEmpresa]:
    return visitas_visibles(usuario).prefetch_related(
        "participantes__membresias__institucion",
        Prefetch(
            "acuerdos", queryset=AcuerdoVisita.objects.select_related("institucion__servicio")
        ),
        "empresa__necesidades",
        "empresa__contactos",
    )


def historial_de_visita(visita: VisitaEmpresa) -> list[Version]:
    return versiones(visita.history.all())


def invitaciones_respondibles(usuario: Usuario) -> QuerySet[InvitacionVisita]:
    """Invitations the user answers for: those of the service offices they represent."""
    return InvitacionVisita.objects.filter(
        institucion_id__in=alcance_de(usuario).instituciones_servicio()
    ).select_related("visita__empresa__comuna", "institucion__servicio", "respondido_por")


def acuerdos_de_visitas_visibles(usuario: Usuario) -> QuerySet[AcuerdoVisita]:
    """The agreements of the visits the user sees, and those their office is responsible for.
    Who may mark one fulfilled is empresas.permissions.puede_actualizar_acuerdo's decision."""
    alcance = alcance_de(usuario)
    return AcuerdoVisita.objects.filter(
        Q(visita__in=visitas_visibles(usuario))
        | Q(institucion_id__in=alcance.instituciones_servicio())
    ).select_related("visita__empresa__comuna", "institucion")


def visitas_del_calendario(usuario: Usuario, desde, hasta) -> QuerySet[VisitaEmpresa]:
    """The visits the user sees *and* takes part in: planner, people going, invited office."""
    alcance = alcance_de(usuario)
    involucrada = (
        Q(planificada_por=usuario)
        | Q(participantes=usuario)
        # A service that declined does not need the visit in its calendar.
        | Q(
            invitaciones__institucion_id__in=alcance.instituciones_servicio(),
            invitaciones__estado__in=[
                InvitacionVisita.Estado.PENDIENTE,
                InvitacionVisita.Estado.CONFIRMADA,
            ],
        )
    )
    ids = (
        visitas_visibles(usuario)
        .filter(involucrada, inicio__gte=desde, inicio__lt=hasta)
        .values("pk")
    )
    return VisitaEmpresa.objects.filter(pk__in=ids).select_related("empresa__comuna")


def instituciones_invitables(region_id: str) -> QuerySet[Institucion]:
    """The regional offices of the services (SENCE itself goes through its own staff)."""
    return (
        Institucion.objects.filter(tipo=Institucion.Tipo.REGIONAL, region_id=region_id, activa=True)
        .exclude(servicio__codigo=ServicioPublico.SENCE)
        .select_related("servicio")
        .order_by("servicio__sigla")
    )


def instituciones_de_acuerdo(region_id: str, comuna_id: str) -> QuerySet[Institucion]:
    """Who can be responsible for a follow-up agreement: the region's offices and the OMIL."""
    return (
        Institucion.objects.filter(
            Q(tipo=Institucion.Tipo.REGIONAL, region_id=region_id) | Q(comuna_id=comuna_id),
            activa=True,
        )
        .select_related("servicio")
        .order_by("tipo", "nombre")
    )


def equipo_para_visita(empresa: Empresa) -> QuerySet[Usuario]:
    """People who may go: SENCE staff of the company's region and the OMIL of its comuna."""
    membresias = Membresia.objects.filter(
        Q(
            rol__in=ROLES_GESTION_SENCE,
            institucion__region_id=empresa.comuna.region_id,
            institucion__servicio__codigo=ServicioPublico.SENCE,
        )
        | Q(rol__in=ROLES_OMIL, institucion__comuna_id=empresa.comuna_id),
        activa=True,
        institucion__activa=True,
    )
    return (
        Usuario.objects.filter(is_active=True, membresias__in=membresias)
        .distinct()
        .order_by("first_name", "last_name")
    )


def representantes_de(institucion: Institucion) -> list[str]:
    """E-mail addresses that receive the invitations of a service office."""
    correos = list(
        Usuario.objects.filter(
            is_active=True,
            membresias__institucion=institucion,
            membresias__activa=True,
            membresias__rol=Rol.REPRESENTANTE,
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not correos and institucion.email:
        correos = [institucion.email]
    return correos


SIGLAS = {
    "sence": "SENCE",
    "senadis": "SENADIS",
    "sernameg": "SERNAMEG",
    "senda": "SENDA",
    "seremi-economia": "SEREMI de Economía",
}


@dataclass(frozen=True)
class Sugerencia:
    servicio: str  # ServicioPublico.codigo
    programa: str
    motivo: str

    @property
    def sigla(self) -> str:
        return SIGLAS.get(self.servicio, self.servicio.upper())


# need -> (service, programme); SENCE always goes (its ejecutivo plans the visit).
_REGLAS: dict[str, tuple[str, str]] = {
    TipoNecesidad.DISCAPACIDAD: ("senadis", "Inclusión laboral de personas con discapacidad"),
    TipoNecesidad.MUJERES: ("sernameg", "Mujeres Jefas de Hogar"),
    TipoNecesidad.SEGUNDAS_OPORTUNIDADES: ("senda", "Programa de Integración Social"),
    TipoNecesidad.CAPACITACION: ("sence", "Más Capaz"),
    TipoNecesidad.APOYO_TECNICO: ("seremi-economia", "Apoyo técnico a emprendimiento"),
}


def servicios_sugeridos(tipos_de_necesidad: Iterable[str]) -> list[Sugerencia]:
    """Which services fit a company's needs, SENCE first. Pure: no database."""
    tipos = set(tipos_de_necesidad)
    sugerencias = {"sence": Sugerencia("sence", "Red de Empleadores", "Organiza la visita")}
    for tipo, (servicio, programa) in _REGLAS.items():
        if tipo in tipos:
            motivo = f"La empresa necesita: {TipoNecesidad(tipo).label.lower()}"
            if servicio == "sence":
                sugerencias["sence"] = Sugerencia("sence", programa, motivo)
            else:
                sugerencias.setdefault(servicio, Sugerencia(servicio, programa, motivo))
    orden = ["sence", "senadis", "sernameg", "senda", "seremi-economia"]
    return sorted(sugerencias.values(), key=lambda s: orden.index(s.servicio))


def proximas_visitas(usuario: Usuario, ahora, cantidad: int = 5) -> list[VisitaEmpresa]:
    return list(
        visitas_visibles(usuario)
        .filter(estado=VisitaEmpresa.Estado.PLANIFICADA, inicio__gte=ahora)
        .order_by("inicio")[:cantidad]
    )


def invitaciones_pendientes(usuario: Usuario, ahora) -> QuerySet[InvitacionVisita]:
    # Unanswered: nobody to show as having answered; the office by name. Fewer joins matter
    # here: planning an eight-table join cost more than running it.
    return (
        invitaciones_respondibles(usuario)
        .select_related(None)
        .select_related("visita__empresa__comuna", "institucion")
        .filter(
            estado=InvitacionVisita.Estado.PENDIENTE,
            visita__estado=VisitaEmpresa.Estado.PLANIFICADA,
            visita__inicio__gt=ahora,
        )
        .order_by("visita__inicio")
    )


def visitas_filtradas(usuario, datos, ahora) -> tuple[VisitaFilter, QuerySet[VisitaEmpresa]]:
    """The visits list: what the user sees, in the tab that `datos` asks for (VisitaFilter: the
    default tab by role, an unknown value shows «Próximas»)."""
    from empresas.filters import VisitaFilter  # the filters read this app's selectors

    filtro = VisitaFilter(datos, queryset=visitas_visibles(usuario), usuario=usuario, ahora=ahora)
    return filtro, filtro.qs
