"""Writes of mesas and their members."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mesas import permissions
from mesas.models import (
    Integrante,
    Mesa,
    Sesion,
)
from mesas.services.autoridades import autoridades_integrar
from mesas.services.invitaciones import _encolar_invitaciones, _invitar
from nucleo.models import Comuna, Institucion, Region, Usuario
from nucleo.servicios import actualizar_modelo, exigir

CAMPOS_MESA = ["poblaciones", "objetivo", "fecha_inicio", "activa"]


def nombre_de_mesa(tipo: str, region: Region, comuna: Comuna | None) -> str:
    if tipo == Mesa.Tipo.REGIONAL:
        return f"Mesa Intersectorial Regional de {region.nombre_corto}"
    return f"Mesa Intersectorial Comunal de {comuna.nombre}"


@transaction.atomic
def mesa_crear(
    *,
    tipo: str,
    region: Region,
    comuna: Comuna | None,
    coordinadora: Institucion,
    poblaciones: list[str],
    objetivo: str = "",
    fecha_inicio: date,
    integrantes: list[Institucion] = (),
    por: Usuario | None,
) -> Mesa:
    exigir(
        permissions.puede_crear_mesa_en(
            por, tipo=tipo, region_id=region.pk, comuna_id=comuna.pk if comuna else None
        )
    )
    # The same rule that hides «Nueva mesa» when nothing is left to create.
    if not permissions.falta_mesa(
        tipo=tipo, region_id=region.pk, comuna_id=comuna.pk if comuna else None
    ):
        if tipo == Mesa.Tipo.REGIONAL:
            raise ValidationError("Esta región ya tiene su mesa regional.")
        raise ValidationError(f"La comuna de {comuna} ya tiene su mesa comunal.")
    mesa = Mesa(
        tipo=tipo,
        nombre=nombre_de_mesa(tipo, region, comuna),
        region=region,
        comuna=comuna,
        coordinadora=coordinadora,
        poblaciones=list(poblaciones),
        objetivo=objetivo,
        fecha_inicio=fecha_inicio,
    )
    mesa.full_clean()
    mesa.save()
    integrante_agregar(
        mesa=mesa, institucion=coordinadora, persona=None, rol=Integrante.Rol.COORDINACION, por=por
    )
    for institucion in integrantes:
        if institucion.pk != coordinadora.pk:
            integrante_agregar(mesa=mesa, institucion=institucion, persona=None, por=por)
    if mesa.comuna_id:
        autoridades_integrar(comuna_id=mesa.comuna_id)  # the mayor, if the comuna has one
    return mesa


@transaction.atomic
def mesa_actualizar(
    *,
    mesa: Mesa,
    version: int | None = None,
    poblaciones: list[str],
    objetivo: str,
    fecha_inicio: date,
    activa: bool,
    por: Usuario | None,
) -> Mesa:
    exigir(permissions.puede_gestionar_mesa(por, mesa))
    datos = {
        "poblaciones": list(poblaciones),
        "objetivo": objetivo,
        "fecha_inicio": fecha_inicio,
        "activa": activa,
    }
    actualizar_modelo(instancia=mesa, campos=CAMPOS_MESA, datos=datos, version=version, por=por)
    return mesa


@transaction.atomic
def integrante_agregar(
    *,
    mesa: Mesa,
    institucion: Institucion,
    persona: Usuario | None,
    rol: str = Integrante.Rol.TITULAR,
    por: Usuario | None,
) -> Integrante:
    exigir(permissions.puede_gestionar_mesa(por, mesa))
    existente = Integrante.objects.filter(
        mesa=mesa, institucion=institucion, persona=persona
    ).first()
    if existente and existente.activo:
        raise ValidationError(f"{existente.persona or institucion} ya integra esta mesa.")
    integrante = existente or Integrante(mesa=mesa, institucion=institucion, persona=persona)
    integrante.rol = rol
    integrante.activo = True
    integrante.desde = timezone.localdate()
    integrante.full_clean()
    integrante.save()
    # Future sessions that are already scheduled invite the new member too.
    for sesion in mesa.sesiones.filter(estado=Sesion.Estado.PROGRAMADA, inicio__gt=timezone.now()):
        _invitar(sesion, [integrante])
        _encolar_invitaciones(sesion)
    return integrante


@transaction.atomic
def integrante_quitar(*, integrante: Integrante, por: Usuario | None) -> Integrante:
    exigir(permissions.puede_gestionar_mesa(por, integrante.mesa))
    if integrante.rol == Integrante.Rol.COORDINACION and integrante.persona_id is None:
        raise ValidationError("No se puede quitar a la institución coordinadora de la mesa.")
    actualizar_modelo(instancia=integrante, campos=["activo"], datos={"activo": False}, por=por)
    return integrante
