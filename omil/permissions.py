"""Who may open each URL of this app (see nucleo.registro), and who may act on a plan.

Object scope (404 for another comuna's plan) lives in omil.selectors.
"""

from __future__ import annotations

from nucleo.alcance import alcance_de
from nucleo.models import ROLES_OMIL, ROLES_SENCE, Institucion, Rol
from nucleo.registro import AUTENTICADO, FIRMADO, PUBLICO  # noqa: F401

REVISORES = frozenset({Rol.ARTICULADOR, Rol.DIRECTOR})
TODOS = frozenset(Rol.values)
LECTORES_PLAN = ROLES_SENCE | ROLES_OMIL | {Rol.REPRESENTANTE, Rol.AUTORIDAD_COMUNAL}

ACCESOS: dict = {
    "omil:plan_list": LECTORES_PLAN,
    "omil:plan_create": ROLES_OMIL,
    "omil:plan_detail": LECTORES_PLAN,
    "omil:plan_edit": ROLES_OMIL,
    "omil:plan_eliminar": ROLES_OMIL,
    "omil:plan_restaurar": ROLES_OMIL | REVISORES,
    "omil:plan_enviar": ROLES_OMIL,
    "omil:plan_visar": {Rol.AUTORIDAD_COMUNAL},
    "omil:plan_observar": REVISORES,
    "omil:plan_aprobar": REVISORES,
    "omil:plan_documento": ROLES_OMIL,
    "omil:plan_descargar": LECTORES_PLAN,
    "omil:plan_historial": LECTORES_PLAN,
    "omil:plan_comparar": LECTORES_PLAN,
    "omil:linea_avance": ROLES_OMIL,
    "omil:directorio": TODOS,
    "omil:profesionales": TODOS,
    "omil:programa_list": TODOS,
    "omil:programa_detail": TODOS,
    "omil:programa_create": {Rol.REPRESENTANTE},
    "omil:programa_edit": {Rol.REPRESENTANTE},
}


def es_omil_del_plan(usuario, plan) -> bool:
    return alcance_de(usuario).es_omil(plan.comuna_id)


def es_revisor_del_plan(usuario, plan) -> bool:
    return alcance_de(usuario).tiene_rol(*REVISORES, region=plan.comuna.region_id)


def puede_editar_plan(usuario, plan) -> bool:
    return es_omil_del_plan(usuario, plan) and plan.editable


def requiere_aprobacion_comunal(plan) -> bool:
    """The comuna chose that its authority approves the plan before it goes to SENCE."""
    return Institucion.objects.filter(
        tipo=Institucion.Tipo.OMIL, comuna_id=plan.comuna_id, aprobacion_comunal=True
    ).exists()


def es_autoridad_del_plan(usuario, plan) -> bool:
    return alcance_de(usuario).es_autoridad(plan.comuna_id)


def puede_visar_plan(usuario, plan) -> bool:
    return (
        es_autoridad_del_plan(usuario, plan) and plan.editable and requiere_aprobacion_comunal(plan)
    )


def puede_enviar_plan(usuario, plan) -> bool:
    """The send form (the service refuses while the communal authority has not approved)."""
    return es_omil_del_plan(usuario, plan) and (plan.editable or plan.estado == plan.Estado.VISADO)


def puede_revisar_plan(usuario, plan) -> bool:
    return es_revisor_del_plan(usuario, plan) and plan.estado == plan.Estado.ENVIADO


def puede_registrar_avance(usuario, plan) -> bool:
    return es_omil_del_plan(usuario, plan) and plan.estado == plan.Estado.APROBADO


def admite_documento(plan) -> bool:
    """The signed plan is the signed copy of what SENCE approved: it is loaded once the plan is
    approved. Before that the content still changes (borrador, observado) or is under review
    (enviado), and a signature loaded then would certify a text that is not the final one."""
    return plan.estado == plan.Estado.APROBADO


def puede_subir_documento(usuario, plan) -> bool:
    return es_omil_del_plan(usuario, plan) and admite_documento(plan)


def puede_crear_plan(usuario) -> bool:
    return bool(alcance_de(usuario).comunas_omil())


def puede_crear_plan_en(usuario, comuna_id: str) -> bool:
    return alcance_de(usuario).es_omil(comuna_id)


def puede_restaurar_plan(usuario, plan) -> bool:
    """A deleted plan comes back by its comuna's OMIL or the region's reviewers."""
    return es_omil_del_plan(usuario, plan) or es_revisor_del_plan(usuario, plan)


def puede_crear_programa(usuario, servicio) -> bool:
    """A representative registers programmes of the service they represent."""
    return any(
        r.rol == Rol.REPRESENTANTE and r.servicio_id == servicio.pk
        for r in alcance_de(usuario).roles
    )


def puede_editar_programa(usuario, programa) -> bool:
    """A representative edits the regional programmes of their service in their region."""
    ficha = getattr(programa, "ficha", None)
    if ficha is None or ficha.region_id is None:
        return False
    alcance = alcance_de(usuario)
    return any(
        r.rol == Rol.REPRESENTANTE
        and r.servicio_id == programa.servicio_id
        and r.region_id == ficha.region_id
        for r in alcance.roles
    )
