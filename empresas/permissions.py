"""Who may open each URL of this app (see nucleo.registro), and the object predicates views and
templates share. Object scope (what a user sees at all) lives in selectors."""

from nucleo.alcance import alcance_de
from nucleo.models import ROLES_OMIL, ROLES_SENCE, Rol
from nucleo.personas import permissions as personas_permissions
from nucleo.registro import FIRMADO, PUBLICO

# SENCE's regional staff who manage the network (the director reads only).
ROLES_GESTION_SENCE = frozenset({Rol.ARTICULADOR, Rol.EJECUTIVO})
# Who may register companies and plan visits: SENCE managers in their region, OMIL in its comuna.
EDITORES = ROLES_GESTION_SENCE | ROLES_OMIL
LECTORES = ROLES_SENCE | ROLES_OMIL | {Rol.REPRESENTANTE}
# The communal authority reads the visits to companies of their comuna (not the companies).
LECTORES_VISITAS = LECTORES | {Rol.AUTORIDAD_COMUNAL}

ACCESOS: dict = {
    "empresas:empresa_list": LECTORES,
    "empresas:empresa_detail": LECTORES,
    "empresas:empresa_create": EDITORES,
    "empresas:empresa_update": EDITORES,
    "empresas:importar": EDITORES,
    "empresas:importar_previa": EDITORES,
    "empresas:plantilla_importacion": EDITORES,
    "empresas:visita_list": LECTORES_VISITAS,
    "empresas:visita_detail": LECTORES_VISITAS,
    "empresas:visita_historial": LECTORES_VISITAS,
    "empresas:visita_create": EDITORES,
    "empresas:visita_update": EDITORES,
    "empresas:visita_suspender": EDITORES,
    "empresas:visita_resultado": EDITORES,
    "empresas:acuerdo_cumplir": EDITORES | {Rol.REPRESENTANTE},
    "empresas:invitacion_responder": {Rol.REPRESENTANTE},
    "empresas:invitacion_enlace": FIRMADO,
    "empresas:encuentro_list": LECTORES,
    "empresas:encuentro_detail": LECTORES,
    "empresas:encuentro_create": EDITORES,
    "empresas:encuentro_update": EDITORES,
    "empresas:encuentro_empresas": EDITORES,
    "empresas:participacion_estado": EDITORES,
    "empresas:solicitud_list": ROLES_GESTION_SENCE,
    "empresas:solicitud_detail": ROLES_GESTION_SENCE,
    "empresas:solicitud_descartar": ROLES_GESTION_SENCE,
    # The public form (no login): a company asks the network for a joint visit.
    "oferta_empresas:solicitud_visita": PUBLICO,
    "oferta_empresas:solicitud_enviada": PUBLICO,
}


def puede_editar_en_comuna(usuario, comuna) -> bool:
    """SENCE's managers in the comuna's region, or the comuna's OMIL."""
    alcance = alcance_de(usuario)
    return alcance.tiene_rol(*ROLES_GESTION_SENCE, region=comuna.region_id) or (
        alcance.es_omil(comuna.pk)
    )


def puede_editar_empresa(usuario, empresa) -> bool:
    return puede_editar_en_comuna(usuario, empresa.comuna)


def puede_atender_solicitud(usuario, solicitud) -> bool:
    """A company's request for a visit goes to SENCE's managers of the comuna's region."""
    return alcance_de(usuario).tiene_rol(*ROLES_GESTION_SENCE, region=solicitud.comuna.region_id)


def puede_planificar_visitas(usuario) -> bool:
    return alcance_de(usuario).tiene_rol(*EDITORES)


def puede_confirmar_importacion(usuario, importacion) -> bool:
    """Whoever uploaded the spreadsheet confirms it, while they still register companies."""
    return importacion.subida_por_id == getattr(usuario, "pk", None) and puede_planificar_visitas(
        usuario
    )


def puede_gestionar_visita(usuario, visita) -> bool:
    return puede_editar_empresa(usuario, visita.empresa)


def puede_responder_invitacion(usuario, invitacion) -> bool:
    return invitacion.institucion_id in alcance_de(usuario).instituciones_servicio()


def puede_actualizar_acuerdo(usuario, acuerdo) -> bool:
    return puede_gestionar_visita(usuario, acuerdo.visita) or (
        acuerdo.institucion_id in alcance_de(usuario).instituciones_servicio()
    )


def puede_gestionar_encuentro(usuario, encuentro) -> bool:
    alcance = alcance_de(usuario)
    return alcance.tiene_rol(*ROLES_GESTION_SENCE, region=encuentro.region_id) or bool(
        encuentro.comuna_id and alcance.es_omil(encuentro.comuna_id)
    )


def puede_reasignar_visitas(usuario, *, de, institucion) -> bool:
    """The planned visits a person leaves pass on when whoever manages their role deactivates
    them (nucleo.personas)."""
    return personas_permissions.puede_reasignar_pendientes(usuario, de=de, institucion=institucion)
