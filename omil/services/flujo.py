"""The communal plan's workflow (borrador → enviado → observado/aprobado, and the communal
authority's visto bueno where the comuna asks for it) and the e-mails each step causes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from nucleo.bandeja import tarea_registrar
from nucleo.correo import enviar
from nucleo.models import Usuario
from nucleo.servicios import exigir
from omil import permissions, selectors
from omil.models import (
    PlanComunal,
    TransicionPlan,
)
from omil.services.planes import Estado, _bloquear, _exigir_omil, _guardar_version

# Which transitions exist, and who makes them: "omil" (the comuna's OMIL) or "sence" (reviewers).
TRANSICIONES = {
    (Estado.BORRADOR, Estado.ENVIADO): "omil",
    (Estado.OBSERVADO, Estado.ENVIADO): "omil",
    (Estado.ENVIADO, Estado.OBSERVADO): "sence",
    (Estado.ENVIADO, Estado.APROBADO): "sence",
    # When the comuna chose it (its OMIL's aprobacion_comunal), the mayor approves first.
    (Estado.BORRADOR, Estado.VISADO): "comuna",
    (Estado.OBSERVADO, Estado.VISADO): "comuna",
    (Estado.VISADO, Estado.ENVIADO): "omil",
}


MOTIVOS = {
    Estado.ENVIADO: "Enviado a SENCE",
    Estado.OBSERVADO: "Observado por SENCE",
    Estado.APROBADO: "Aprobado por SENCE",
    Estado.VISADO: "Aprobado por la autoridad comunal",
}


def _transicion(
    plan: PlanComunal, *, hacia: str, por: Usuario, comentario: str = ""
) -> TransicionPlan:
    plan = _bloquear(plan)
    desde = plan.estado
    lado = TRANSICIONES.get((desde, hacia))
    if lado is None:
        if hacia == Estado.APROBADO and desde == Estado.BORRADOR:
            raise ValidationError(
                "No se puede aprobar un plan en borrador: la OMIL debe enviarlo primero."
            )
        raise ValidationError(
            f"No se puede pasar un plan «{plan.get_estado_display()}» a «{Estado(hacia).label}»."
        )
    if lado == "omil":
        exigir(
            permissions.es_omil_del_plan(por, plan),
            f"Solo la OMIL de {plan.comuna.nombre} puede enviar este plan.",
        )
    if lado == "sence":
        exigir(
            permissions.es_revisor_del_plan(por, plan),
            "Una OMIL no puede aprobar ni observar su propio plan: lo revisa SENCE."
            if permissions.es_omil_del_plan(por, plan)
            else "Solo la articulación o la dirección regional de SENCE revisa los planes.",
        )
    if lado == "comuna":
        exigir(
            permissions.es_autoridad_del_plan(por, plan),
            f"Solo la autoridad comunal de {plan.comuna.nombre} aprueba el plan antes del envío.",
        )
    if lado == "comuna" and not permissions.requiere_aprobacion_comunal(plan):
        raise ValidationError(
            "Esta comuna no pide la aprobación de su autoridad: la OMIL envía el plan a SENCE."
        )
    if (
        hacia == Estado.ENVIADO
        and desde != Estado.VISADO
        and permissions.requiere_aprobacion_comunal(plan)
    ):
        raise ValidationError(
            "Antes de enviarlo a SENCE, la autoridad comunal debe aprobar el plan."
        )
    datos = {"estado": hacia}
    if hacia == Estado.OBSERVADO:
        datos["observaciones"] = comentario
    _guardar_version(plan, por, MOTIVOS[hacia], datos=datos)
    transicion = TransicionPlan.objects.create(
        plan=plan, desde=desde, hacia=hacia, por=por, comentario=comentario, version=plan.version
    )
    from omil.tasks import notificar_transicion_plan

    tarea_registrar(notificar_transicion_plan, transicion.pk)
    return transicion


def _exigir_completo(plan: PlanComunal, verbo: str) -> None:
    faltan = []
    if not plan.diagnostico.strip():
        faltan.append("el diagnóstico")
    if not plan.poblaciones_foco:
        faltan.append("al menos una población foco")
    if not plan.lineas.exists():
        faltan.append("al menos una línea de acción")
    if faltan and plan.editable:
        raise ValidationError(f"Para {verbo} el plan completa " + " y ".join(faltan) + ".")


@transaction.atomic
def plan_enviar(*, plan: PlanComunal, por: Usuario, comentario: str = "") -> TransicionPlan:
    _exigir_omil(plan, por)
    _exigir_completo(plan, "enviar")
    return _transicion(plan, hacia=Estado.ENVIADO, por=por, comentario=comentario.strip())


@transaction.atomic
def plan_visar(*, plan: PlanComunal, por: Usuario, comentario: str = "") -> TransicionPlan:
    """The communal authority approves the plan before the OMIL sends it to SENCE (only where
    the comuna asked for this step); who and when stay in the plan's transitions."""
    _exigir_completo(plan, "aprobar")
    return _transicion(plan, hacia=Estado.VISADO, por=por, comentario=comentario.strip())


@transaction.atomic
def plan_observar(*, plan: PlanComunal, por: Usuario, observaciones: str) -> TransicionPlan:
    if not observaciones.strip():
        raise ValidationError(
            {"comentario": "Escribe las observaciones para que la OMIL sepa qué corregir."}
        )
    return _transicion(plan, hacia=Estado.OBSERVADO, por=por, comentario=observaciones.strip())


@transaction.atomic
def plan_aprobar(*, plan: PlanComunal, por: Usuario, comentario: str = "") -> TransicionPlan:
    return _transicion(plan, hacia=Estado.APROBADO, por=por, comentario=comentario.strip())


def plan_notificar_transicion(*, transicion_id: int) -> int:
    """E-mails the other side of a transition. Returns how many messages went out."""
    transicion = TransicionPlan.objects.select_related("plan__comuna", "por").get(pk=transicion_id)
    plan = transicion.plan
    if transicion.hacia == Estado.ENVIADO:
        para = selectors.destinatarios_sence(plan.comuna.region_id)
        asunto = f"Plan comunal de {plan.comuna.nombre} {plan.anio} enviado para revisión"
    elif transicion.hacia == Estado.VISADO:
        para = selectors.destinatarios_omil(plan.comuna_id)
        asunto = (
            f"Plan comunal de {plan.comuna.nombre} {plan.anio} aprobado por la autoridad "
            "comunal: ya se puede enviar a SENCE"
        )
    else:
        para = selectors.destinatarios_omil(plan.comuna_id)
        verbo = "observado" if transicion.hacia == Estado.OBSERVADO else "aprobado"
        asunto = f"Plan comunal de {plan.comuna.nombre} {plan.anio} {verbo} por SENCE"
    return enviar(
        plantilla="omil_plan_transicion",
        asunto=asunto,
        para=para,
        contexto={"transicion": transicion, "plan": plan, "url": plan.get_absolute_url()},
    )
