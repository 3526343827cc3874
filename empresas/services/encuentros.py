"""Writes of encuentros empresariales and their participants."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from empresas.models import (
    Empresa,
    EncuentroEmpresarial,
    ParticipacionEncuentro,
)
from nucleo.concurrencia import guardar_con_version
from nucleo.models import Institucion, Usuario

CAMPOS_ENCUENTRO = [
    "nombre",
    "inicio",
    "duracion_minutos",
    "lugar",
    "comuna",
    "descripcion",
    "estado",
    "vacantes_comprometidas",
    "personas_derivadas",
    "resultados",
]


def _validar_encuentro(encuentro: EncuentroEmpresarial, organizadores, servicios) -> None:
    errores = {}
    if not organizadores:
        errores["organizadores"] = ["Indica al menos una institución organizadora."]
    if any(i.region_id != encuentro.region_id for i in [*organizadores, *servicios]):
        errores["organizadores"] = ["Las instituciones deben ser de la región del encuentro."]
    if errores:
        raise ValidationError(errores)


@transaction.atomic
def encuentro_crear(
    *,
    region_id: str,
    datos: dict,
    organizadores: Iterable[Institucion],
    servicios_presentes: Iterable[Institucion] = (),
    por: Usuario,
) -> EncuentroEmpresarial:
    encuentro = EncuentroEmpresarial(
        region_id=region_id,
        creado_por=por,
        **{c: datos[c] for c in CAMPOS_ENCUENTRO if c in datos},
    )
    organizadores, servicios_presentes = list(organizadores), list(servicios_presentes)
    _validar_encuentro(encuentro, organizadores, servicios_presentes)
    if encuentro.inicio and encuentro.inicio <= timezone.now():
        encuentro.estado = datos.get("estado") or EncuentroEmpresarial.Estado.REALIZADO
    encuentro.full_clean()
    encuentro.save()
    encuentro.organizadores.set(organizadores)
    encuentro.servicios_presentes.set(servicios_presentes)
    return encuentro


@transaction.atomic
def encuentro_actualizar(
    *,
    encuentro: EncuentroEmpresarial,
    version: int,
    datos: dict,
    organizadores: Iterable[Institucion],
    servicios_presentes: Iterable[Institucion] = (),
    por: Usuario,
) -> EncuentroEmpresarial:
    for campo in CAMPOS_ENCUENTRO:
        if campo in datos:
            setattr(encuentro, campo, datos[campo])
    organizadores, servicios_presentes = list(organizadores), list(servicios_presentes)
    _validar_encuentro(encuentro, organizadores, servicios_presentes)
    encuentro.full_clean()
    guardar_con_version(encuentro, version=version)
    encuentro._history_user = por
    encuentro.save(update_fields=["nombre"])
    encuentro.organizadores.set(organizadores)
    encuentro.servicios_presentes.set(servicios_presentes)
    return encuentro


@transaction.atomic
def encuentro_invitar_empresas(
    *, encuentro: EncuentroEmpresarial, empresas: Iterable[Empresa], por: Usuario
) -> int:
    """Adds companies of the encuentro's region as invited; returns how many were new."""
    nuevas = 0
    for empresa in empresas:
        if empresa.comuna.region_id != encuentro.region_id:
            raise ValidationError("Solo se invitan empresas de la región del encuentro.")
        _, creada = ParticipacionEncuentro.objects.get_or_create(
            encuentro=encuentro, empresa=empresa
        )
        nuevas += creada
    return nuevas


@transaction.atomic
def participacion_cambiar_estado(
    *, participacion: ParticipacionEncuentro, estado: str, por: Usuario
) -> ParticipacionEncuentro:
    if estado not in ParticipacionEncuentro.Estado.values:
        raise ValidationError("Estado no válido.")
    participacion.estado = estado
    participacion.save(update_fields=["estado"])
    return participacion
