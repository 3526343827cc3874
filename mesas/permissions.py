"""Who may open each URL of this app (see nucleo.registro) and what a user may do with a mesa.

Object scope (404 outside it) lives in mesas.selectors; these predicates decide, inside the scope,
who may change things (403 or a hidden button otherwise).
"""

from __future__ import annotations

from django.db.models import QuerySet

from mesas.models import Mesa, Sesion
from nucleo.alcance import alcance_de
from nucleo.models import Comuna, Rol
from nucleo.personas import permissions as personas_permissions
from nucleo.registro import AUTENTICADO, FIRMADO

TODOS = frozenset(Rol.values)
GESTORES = frozenset({Rol.ARTICULADOR, Rol.ENCARGADO_OMIL, Rol.GESTOR_TERRITORIAL})
PANORAMA = frozenset({Rol.ARTICULADOR, Rol.DIRECTOR})

ACCESOS: dict = {
    "mesas:mesa_list": TODOS,
    "mesas:mesa_create": GESTORES,
    "mesas:mesa_detail": TODOS,
    "mesas:mesa_update": GESTORES,
    "mesas:mesa_asistencia": TODOS,
    "mesas:integrante_add": GESTORES,
    "mesas:integrante_remove": GESTORES,
    "mesas:sesion_create": GESTORES,
    "mesas:sesion_detail": TODOS,
    "mesas:sesion_update": GESTORES,
    "mesas:sesion_suspend": GESTORES,
    "mesas:sesion_ics": TODOS,
    "mesas:sesion_asistencia": GESTORES,
    "mesas:punto_add": GESTORES,
    "mesas:punto_delete": GESTORES,
    "mesas:punto_move": GESTORES,
    "mesas:serie_create": GESTORES,
    "mesas:serie_preview": GESTORES,
    "mesas:serie_detail": TODOS,
    "mesas:serie_update": GESTORES,
    "mesas:serie_end": GESTORES,
    "mesas:asistencia_responder": TODOS,
    "mesas:invitacion": FIRMADO,
    "mesas:minuta_create": GESTORES,
    "mesas:minuta_eliminar": GESTORES,
    "mesas:minuta_restaurar": GESTORES,
    "mesas:minuta_download": TODOS,
    "mesas:minuta_pdf": TODOS,
    "mesas:minuta_historial": TODOS,
    "mesas:acuerdo_list": TODOS,
    "mesas:acuerdo_create": GESTORES,
    "mesas:acuerdo_cumplir": TODOS,
    "mesas:acuerdo_historial": TODOS,
    "mesas:calendario": TODOS,
    "mesas:calendario_token": AUTENTICADO,
    "mesas:calendario_feed": FIRMADO,
    "mesas:panorama": PANORAMA,
}


def falta_mesa(*, tipo: str, region_id: str, comuna_id: str | None) -> bool:
    """Each region has one regional mesa and each comuna one communal mesa: is this one missing?"""
    if tipo == Mesa.Tipo.REGIONAL:
        return not Mesa.objects.filter(tipo=tipo, region_id=region_id).exists()
    return not Mesa.objects.filter(tipo=tipo, comuna_id=comuna_id).exists()


def mesas_por_crear(usuario) -> tuple[set[str], QuerySet[Comuna]]:
    """What the user may still create, by the rule of falta_mesa: the regions (as articulator)
    without their regional mesa, and the comunas (of those regions, or the OMIL's own) without
    their communal mesa."""
    alcance = alcance_de(usuario)
    regiones = alcance.regiones_sence(Rol.ARTICULADOR)
    if regiones:
        comunas = Comuna.objects.filter(region_id__in=regiones)
    else:
        comunas = Comuna.objects.filter(codigo__in=alcance.comunas_omil())
    con_regional = Mesa.objects.filter(tipo=Mesa.Tipo.REGIONAL, region_id__in=regiones)
    return (
        regiones - set(con_regional.values_list("region_id", flat=True)),
        comunas.exclude(mesas__tipo=Mesa.Tipo.COMUNAL),
    )


def puede_crear_mesa(usuario) -> bool:
    """«Nueva mesa» is offered only while a mesa the user may create is still missing."""
    regiones, comunas = mesas_por_crear(usuario)
    return bool(regiones) or comunas.exists()


def puede_crear_mesa_en(usuario, *, tipo: str, region_id: str, comuna_id: str | None) -> bool:
    """The region's articulator creates any mesa of the region; an OMIL its comuna's mesa."""
    alcance = alcance_de(usuario)
    if alcance.tiene_rol(Rol.ARTICULADOR, region=region_id):
        return True
    return tipo == Mesa.Tipo.COMUNAL and comuna_id is not None and alcance.es_omil(comuna_id)


def puede_gestionar_mesa(usuario, mesa) -> bool:
    """The region's articulator manages every mesa of the region; an OMIL only its comuna's."""
    alcance = alcance_de(usuario)
    if alcance.tiene_rol(Rol.ARTICULADOR, region=mesa.region_id):
        return True
    return mesa.tipo == Mesa.Tipo.COMUNAL and alcance.es_omil(mesa.comuna_id)


def admite_minuta(sesion) -> bool:
    """A session takes minutes once it has started, unless it was suspended."""
    return sesion.estado != Sesion.Estado.SUSPENDIDA and sesion.pasada


def puede_subir_minuta(usuario, sesion) -> bool:
    """The session page's «Subir o escribir minuta» and minuta_subir decide by this."""
    return puede_gestionar_mesa(usuario, sesion.mesa) and admite_minuta(sesion)


def puede_responder(usuario, asistencia) -> bool:
    """The invited person, or anyone of an institution invited as a whole."""
    if asistencia.persona_id:
        return usuario is not None and asistencia.persona_id == usuario.pk
    return asistencia.institucion_id in alcance_de(usuario).instituciones()


def puede_cumplir_acuerdo(usuario, acuerdo) -> bool:
    return (
        puede_gestionar_mesa(usuario, acuerdo.mesa)
        or acuerdo.institucion_responsable_id in alcance_de(usuario).instituciones()
    )


def puede_reasignar_acuerdos(usuario, *, de, institucion) -> bool:
    """The agreements a person leaves open pass on when whoever manages their role deactivates
    them (nucleo.personas)."""
    return personas_permissions.puede_reasignar_pendientes(usuario, de=de, institucion=institucion)


def puede_dar_alta_mesa_regional(usuario, region) -> bool:
    """The regional mesa is created with its region, by the administrator (region_alta)."""
    return personas_permissions.puede_dar_alta_region(usuario, region)
