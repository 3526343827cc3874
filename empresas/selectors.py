"""Every scoped read of the app, with the joins its pages need.

SENCE staff see every company and visit of their region; an OMIL user those of its comuna; a
service representative the visits its office is invited to, and their companies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from empresas import rut as rut_chileno
from empresas.models import (
    AcuerdoVisita,
    Empresa,
    EncuentroEmpresarial,
    ImportacionEmpresas,
    InvitacionVisita,
    ParticipacionEncuentro,
    TipoNecesidad,
    VisitaEmpresa,
)
from empresas.permissions import ROLES_GESTION_SENCE
from nucleo.alcance import alcance_de
from nucleo.historial import Version, versiones
from nucleo.models import ROLES_OMIL, Comuna, Institucion, Membresia, ServicioPublico, Usuario


# --- Companies ----------------------------------------------------------------------------------
def _q_empresas_invitadas(alcance) -> Q:
    servicios = alcance.instituciones_servicio()
    if not servicios:
        return Q(pk__in=[])
    return Q(
        Exists(
            InvitacionVisita.objects.filter(
                visita__empresa=OuterRef("pk"), institucion_id__in=servicios
            )
        )
    )


def empresas_visibles(usuario: Usuario) -> QuerySet[Empresa]:
    alcance = alcance_de(usuario)
    return Empresa.objects.filter(
        alcance.filtro_territorio("comuna__region", "comuna") | _q_empresas_invitadas(alcance)
    ).select_related("comuna__region")


def empresas_editables(usuario: Usuario) -> QuerySet[Empresa]:
    alcance = alcance_de(usuario)
    return Empresa.objects.filter(
        Q(comuna__region__in=alcance.regiones_sence(*ROLES_GESTION_SENCE))
        | Q(comuna__in=alcance.comunas_omil())
    ).select_related("comuna__region")


def empresa_con_detalle(usuario: Usuario) -> QuerySet[Empresa]:
    return empresas_visibles(usuario).prefetch_related("contactos", "necesidades")


def comunas_para_empresas(usuario: Usuario) -> QuerySet[Comuna]:
    """The comunas a user may register companies in (and filter by)."""
    alcance = alcance_de(usuario)
    return (
        Comuna.objects.filter(
            Q(region__in=alcance.regiones_sence()) | Q(codigo__in=alcance.comunas_omil())
        )
        .select_related("region")
        .order_by("nombre")
    )


def comunas_editables(usuario: Usuario) -> QuerySet[Comuna]:
    alcance = alcance_de(usuario)
    return Comuna.objects.filter(
        Q(region__in=alcance.regiones_sence(*ROLES_GESTION_SENCE))
        | Q(codigo__in=alcance.comunas_omil())
    ).order_by("nombre")


_PARECE_RUT = re.compile(r"[\d.\s\-]+[kK]?")


def filtrar_por_texto(qs: QuerySet[Empresa], texto: str) -> QuerySet[Empresa]:
    """Search by RUT in any format ("76.123.456-k", "76123456", "76123") or by name."""
    texto = (texto or "").strip()
    if not texto:
        return qs
    q = Q(razon_social__icontains=texto) | Q(nombre_fantasia__icontains=texto)
    if _PARECE_RUT.fullmatch(texto) and any(c.isdigit() for c in texto):
        compacto = rut_chileno.compactar(texto)
        if rut_chileno.es_valido(compacto) and len(compacto) >= 7:
            q |= Q(rut=rut_chileno.normalizar(compacto))
        # A partial body also finds the company ("76123456" without the check digit).
        q |= Q(rut__startswith=compacto.rstrip("K"))
    return qs.filter(q)


def visitas_de_empresa(usuario: Usuario, empresa: Empresa) -> QuerySet[VisitaEmpresa]:
    return visitas_visibles(usuario).filter(empresa=empresa)


def encuentros_de_empresa(usuario: Usuario, empresa: Empresa) -> QuerySet[ParticipacionEncuentro]:
    return (
        ParticipacionEncuentro.objects.filter(
            empresa=empresa,
            encuentro__in=EncuentroEmpresarial.objects.filter(
                _filtro_encuentros(alcance_de(usuario))
            ),
        )
        .select_related("encuentro")
        .order_by("-encuentro__inicio")
    )


# --- Visits -------------------------------------------------------------------------------------
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
            alcance.filtro_territorio("empresa__comuna__region", "empresa__comuna") | invitada
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


def visitas_gestionables(usuario: Usuario) -> QuerySet[VisitaEmpresa]:
    return visitas_visibles(usuario).filter(empresa__in=empresas_editables(usuario))


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


def acuerdos_actualizables(usuario: Usuario) -> QuerySet[AcuerdoVisita]:
    alcance = alcance_de(usuario)
    return AcuerdoVisita.objects.filter(
        Q(visita__in=visitas_gestionables(usuario))
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
            membresias__rol="representante",
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not correos and institucion.email:
        correos = [institucion.email]
    return correos


# --- Suggestions --------------------------------------------------------------------------------
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


# --- Encuentros ---------------------------------------------------------------------------------
def _filtro_encuentros(alcance) -> Q:
    instituciones = alcance.instituciones()
    return (
        Q(region__in=alcance.regiones_sence())
        | Q(comuna__in=alcance.comunas_omil())
        | Q(
            Exists(
                EncuentroEmpresarial.organizadores.through.objects.filter(
                    encuentroempresarial_id=OuterRef("pk"), institucion_id__in=instituciones
                )
            )
        )
        | Q(
            Exists(
                EncuentroEmpresarial.servicios_presentes.through.objects.filter(
                    encuentroempresarial_id=OuterRef("pk"), institucion_id__in=instituciones
                )
            )
        )
    )


def encuentros_visibles(usuario: Usuario) -> QuerySet[EncuentroEmpresarial]:
    return (
        EncuentroEmpresarial.objects.filter(_filtro_encuentros(alcance_de(usuario)))
        .select_related("region", "comuna")
        .annotate(
            n_empresas=Count("participaciones", distinct=True),
            n_asistentes=Count(
                "participaciones",
                filter=Q(participaciones__estado=ParticipacionEncuentro.Estado.ASISTIO),
                distinct=True,
            ),
        )
    )


def encuentros_gestionables(usuario: Usuario) -> QuerySet[EncuentroEmpresarial]:
    alcance = alcance_de(usuario)
    return encuentros_visibles(usuario).filter(
        Q(region__in=alcance.regiones_sence(*ROLES_GESTION_SENCE))
        | Q(comuna__in=alcance.comunas_omil())
    )


def encuentro_con_detalle(usuario: Usuario) -> QuerySet[EncuentroEmpresarial]:
    return encuentros_visibles(usuario).prefetch_related(
        "organizadores",
        "servicios_presentes",
        Prefetch(
            "participaciones",
            queryset=ParticipacionEncuentro.objects.select_related("empresa__comuna"),
        ),
    )


def encuentros_del_calendario(usuario: Usuario, desde, hasta) -> QuerySet[EncuentroEmpresarial]:
    """The calendar needs the encuentro itself: not the counts of `encuentros_visibles`."""
    return EncuentroEmpresarial.objects.filter(
        _filtro_encuentros(alcance_de(usuario)), inicio__gte=desde, inicio__lt=hasta
    )


def instituciones_de_region(region_id: str) -> QuerySet[Institucion]:
    return (
        Institucion.objects.filter(region_id=region_id, activa=True)
        .select_related("servicio", "comuna")
        .order_by("-tipo", "nombre")  # service offices first, then the OMILs
    )


# --- Import -------------------------------------------------------------------------------------
def importaciones_propias(usuario: Usuario) -> QuerySet[ImportacionEmpresas]:
    return ImportacionEmpresas.objects.filter(subida_por=usuario)


def participaciones_gestionables(usuario: Usuario) -> QuerySet[ParticipacionEncuentro]:
    return ParticipacionEncuentro.objects.filter(
        encuentro__in=encuentros_gestionables(usuario).values("pk")
    ).select_related("empresa__comuna", "encuentro")


# --- Home panels --------------------------------------------------------------------------------
def proximas_visitas(usuario: Usuario, ahora, cantidad: int = 5) -> list[VisitaEmpresa]:
    return list(
        visitas_visibles(usuario)
        .filter(estado=VisitaEmpresa.Estado.PLANIFICADA, inicio__gte=ahora)
        .order_by("inicio")[:cantidad]
    )


def resumen_red(usuario: Usuario, hoy) -> dict[str, int]:
    visitas = visitas_visibles(usuario)
    return {
        **empresas_visibles(usuario).aggregate(
            empresas=Count("pk"), miembros=Count("pk", filter=Q(miembro_red_desde__isnull=False))
        ),
        "visitas_anio": visitas.filter(
            estado=VisitaEmpresa.Estado.REALIZADA, inicio__year=hoy.year
        ).count(),
        "acuerdos_vencidos": AcuerdoVisita.objects.filter(
            visita__in=visitas.values("pk"),
            estado=AcuerdoVisita.Estado.PENDIENTE,
            fecha_limite__lt=hoy,
        ).count(),
    }


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
