"""Writes of communal plans: create, edit with its lines of action, the signed document, the
kept versions, progress of a line, delete and restore. The workflow is in omil.services.flujo."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from nucleo import formato
from nucleo.archivos import validar_archivo
from nucleo.models import Comuna, Institucion, Programa, Usuario
from nucleo.servicios import actualizar_modelo, exigir
from omil import permissions, selectors
from omil.models import (
    AvanceLinea,
    LineaAccion,
    PlanComunal,
)

Estado = PlanComunal.Estado


@dataclass
class DatosLinea:
    """One row of the lines-of-action form."""

    actividad: str
    meta_numero: int
    meta_unidad: str
    plazo: date
    estado: str = LineaAccion.Estado.PENDIENTE
    servicios: list[Institucion] = field(default_factory=list)
    programa: Programa | None = None
    id: int | None = None
    eliminar: bool = False


def _exigir_omil(plan: PlanComunal, por: Usuario) -> None:
    exigir(
        permissions.es_omil_del_plan(por, plan),
        f"Solo la OMIL de {plan.comuna.nombre} puede modificar o enviar este plan.",
    )


def _bloquear(plan: PlanComunal) -> PlanComunal:
    """The plan re-read under a row lock: two clicks cannot both move it."""
    return PlanComunal.objects.select_for_update().select_related("comuna").get(pk=plan.pk)


@transaction.atomic
def plan_eliminar(*, plan: PlanComunal, por: Usuario) -> PlanComunal:
    """Soft delete by the comuna's OMIL, while the plan is still its own (borrador/observado)."""
    _exigir_omil(plan, por)
    plan = PlanComunal.todos.select_for_update().get(pk=plan.pk)
    if not plan.editable:
        raise ValidationError(
            "Solo se puede eliminar un plan en borrador u observado: este ya está en manos de "
            "SENCE o aprobado."
        )
    datos = {"eliminado_at": timezone.now(), "eliminado_por": por}
    actualizar_modelo(
        instancia=plan,
        campos=list(datos),
        datos=datos,
        por=por,
        motivo="Eliminado",
        excluir=_EXCLUIR,
    )
    return plan


@transaction.atomic
def plan_restaurar(*, plan: PlanComunal, por: Usuario) -> PlanComunal:
    plan = PlanComunal.todos.select_for_update().select_related("comuna").get(pk=plan.pk)
    exigir(
        permissions.puede_restaurar_plan(por, plan),
        "Solo la OMIL de la comuna o la revisión regional de SENCE restaura este plan.",
    )
    if plan.eliminado_at is None:
        raise ValidationError("Este plan no está eliminado.")
    if PlanComunal.objects.filter(comuna=plan.comuna, anio=plan.anio).exists():
        raise ValidationError(
            f"Ya hay otro plan {plan.anio} de {plan.comuna.nombre}: elimínelo antes de restaurar "
            "este."
        )
    actualizar_modelo(
        instancia=plan,
        campos=["eliminado_at", "eliminado_por"],
        datos={"eliminado_at": None, "eliminado_por": None},
        por=por,
        motivo=f"Restaurado por {por}",
        excluir=_EXCLUIR,
    )
    return plan


def _foto_lineas(plan: PlanComunal) -> list[dict]:
    """The lines as readable text, stored in each version for comparisons."""
    foto = []
    lineas = plan.lineas.select_related("programa__servicio").prefetch_related(
        "servicios__servicio"
    )
    for linea in lineas.order_by("orden", "pk"):
        foto.append(
            {
                "id": linea.pk,
                "actividad": linea.actividad,
                "servicios": ", ".join(
                    sorted(
                        s.servicio.sigla if s.servicio else s.nombre for s in linea.servicios.all()
                    )
                ),
                "programa": str(linea.programa) if linea.programa else "",
                "meta": f"{linea.meta_numero} {linea.meta_unidad}",
                "plazo": formato.fecha(linea.plazo),
                "estado": linea.get_estado_display(),
            }
        )
    return foto


# Validated elsewhere: the comuna never changes, the signed PDF by nucleo.archivos.
_EXCLUIR = ["comuna", "documento"]


def _guardar_version(
    plan: PlanComunal,
    por: Usuario,
    motivo: str,
    *,
    datos: dict | None = None,
    version: int | None = None,
) -> None:
    """Saves the plan as it is now (with `datos` applied), creating one historical record (a
    version) and adding one to `plan.version`; `version`, when given, is the one the form showed."""
    datos = {**(datos or {}), "lineas_snapshot": _foto_lineas(plan), "actualizado_por": por}
    actualizar_modelo(
        instancia=plan,
        datos=datos,
        version=version,
        por=por,
        motivo=motivo,
        excluir=_EXCLUIR,
        guardar_siempre=True,
    )


@transaction.atomic
def plan_crear(
    *,
    comuna: Comuna,
    anio: int,
    por: Usuario,
    poblaciones_foco: list[str] | None = None,
    diagnostico: str = "",
) -> PlanComunal:
    exigir(
        permissions.puede_crear_plan_en(por, comuna.pk),
        f"Solo la OMIL de {comuna.nombre} puede crear el plan de esa comuna.",
    )
    if PlanComunal.objects.filter(comuna=comuna, anio=anio).exists():
        raise ValidationError(
            {"anio": f"Ya existe un plan comunal de {comuna.nombre} para {anio}: ábrelo y edítalo."}
        )
    plan = PlanComunal(
        comuna=comuna,
        anio=anio,
        poblaciones_foco=poblaciones_foco or [],
        diagnostico=diagnostico,
        creado_por=por,
        actualizado_por=por,
    )
    plan.full_clean()
    plan._history_user = por
    plan._change_reason = "Creación del plan"
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:  # a twin request won the race
        raise ValidationError(
            {"anio": f"Ya existe un plan comunal de {comuna.nombre} para {anio}."}
        ) from error
    return plan


@transaction.atomic
def plan_guardar(
    *,
    plan: PlanComunal,
    version: int,
    poblaciones_foco: list[str],
    diagnostico: str,
    lineas: list[DatosLinea],
    por: Usuario,
) -> PlanComunal:
    """Saves the plan and its lines as one new version; refused if someone saved meanwhile."""
    _exigir_omil(plan, por)
    actual = _bloquear(plan)
    if not actual.editable:
        raise ValidationError(
            f"El plan está «{actual.get_estado_display()}» y no se puede editar: "
            "solo se editan planes en borrador u observados."
        )
    plan.estado = actual.estado
    _aplicar_lineas(plan, lineas)
    _guardar_version(
        plan,
        por,
        "Edición del plan",
        datos={"poblaciones_foco": poblaciones_foco, "diagnostico": diagnostico},
        version=version,
    )
    return plan


def _aplicar_lineas(plan: PlanComunal, lineas: list[DatosLinea]) -> None:
    existentes = {linea.pk: linea for linea in plan.lineas.all()}
    servicios_validos = set(
        selectors.servicios_de_region(plan.comuna.region_id).values_list("pk", flat=True)
    )
    programas_validos = set(
        selectors.programas_de_region(plan.comuna.region_id).values_list("pk", flat=True)
    )
    errores = []
    orden = 0
    for numero, datos in enumerate(lineas, start=1):
        if datos.id is not None and datos.id not in existentes:
            errores.append(f"Línea {numero}: no pertenece a este plan.")
            continue
        if datos.eliminar:
            if datos.id is not None:
                existentes[datos.id].delete()
            continue
        if any(s.pk not in servicios_validos for s in datos.servicios):
            errores.append(f"Línea {numero}: hay un servicio que no es de la región del plan.")
        if datos.programa is not None and datos.programa.pk not in programas_validos:
            errores.append(f"Línea {numero}: el programa no está disponible en la región.")
        if datos.plazo.year != plan.anio:
            errores.append(f"Línea {numero}: el plazo debe estar dentro de {plan.anio}.")
        if errores:
            continue
        orden += 1
        linea = existentes.get(datos.id) or LineaAccion(plan=plan)
        linea.orden = orden
        linea.actividad = datos.actividad.strip()
        linea.programa = datos.programa
        linea.meta_numero = datos.meta_numero
        linea.meta_unidad = datos.meta_unidad.strip()
        linea.plazo = datos.plazo
        linea.estado = datos.estado
        linea.full_clean(exclude=["plan"])
        linea.save()
        linea.servicios.set(datos.servicios)
    if errores:
        raise ValidationError(errores)


@transaction.atomic
def plan_subir_documento(*, plan: PlanComunal, archivo, por: Usuario) -> PlanComunal:
    _exigir_omil(plan, por)
    actual = _bloquear(plan)
    if not permissions.puede_subir_documento(por, actual):  # the page's own rule
        raise ValidationError(
            "El plan firmado se carga cuando SENCE ha aprobado el plan: es la copia firmada de "
            f"la versión aprobada. Este plan está «{actual.get_estado_display()}»."
        )
    documento = validar_archivo(archivo, permitidas=frozenset({"pdf"}))
    plan = _bloquear(plan)
    plan.documento.save(archivo.name, archivo, save=False)
    _guardar_version(
        plan, por, "Plan firmado cargado", datos={"documento_nombre": documento.nombre}
    )
    return plan


@transaction.atomic
def linea_registrar_avance(
    *,
    linea: LineaAccion,
    valor: int,
    estado: str,
    por: Usuario,
    comentario: str = "",
    fecha: date | None = None,
) -> AvanceLinea:
    plan = _bloquear(linea.plan)
    _exigir_omil(plan, por)
    if plan.estado != Estado.APROBADO:
        raise ValidationError(
            "El avance se registra cuando SENCE ha aprobado el plan; antes, edita la línea."
        )
    if valor < 0:
        raise ValidationError({"valor": "El avance no puede ser negativo."})
    linea = LineaAccion.objects.select_for_update().get(pk=linea.pk)
    fecha = fecha or timezone.localdate()
    avance = AvanceLinea(
        linea=linea, fecha=fecha, valor=valor, estado=estado, comentario=comentario.strip(), por=por
    )
    avance.full_clean()
    avance.save()
    datos = {"avance": valor, "estado": estado, "avance_actualizado": fecha}
    actualizar_modelo(instancia=linea, datos=datos, por=por, excluir=["plan"])
    return avance
