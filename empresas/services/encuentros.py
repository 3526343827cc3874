"""Writes of encuentros empresariales and their participants."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from empresas import permissions
from empresas.models import (
    Empresa,
    EncuentroEmpresarial,
    ParticipacionEncuentro,
)
from nucleo.models import Institucion, Usuario
from nucleo.servicios import actualizar_modelo, exigir

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
    exigir(permissions.puede_gestionar_encuentro(por, encuentro))
    organizadores, servicios_presentes = list(organizadores), list(servicios_presentes)
    _validar_encuentro(encuentro, organizadores, servicios_presentes)
    if encuentro.inicio and encuentro.inicio <= timezone.now():
        encuentro.estado = datos.get("estado") or EncuentroEmpresarial.Estado.REALIZADO
    encuentro.full_clean()
    encuentro._history_user = por
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
    # Judged on the stored encuentro: an edit form may already carry the new comuna.
    exigir(
        permissions.puede_gestionar_encuentro(
            por, EncuentroEmpresarial.objects.get(pk=encuentro.pk)
        )
    )
    for campo in CAMPOS_ENCUENTRO:
        if campo in datos:
            setattr(encuentro, campo, datos[campo])
    organizadores, servicios_presentes = list(organizadores), list(servicios_presentes)
    _validar_encuentro(encuentro, organizadores, servicios_presentes)
    if encuentro.comuna_id and not permissions.puede_gestionar_encuentro(por, encuentro):
        raise ValidationError({"comuna": "No puedes organizar encuentros en esa comuna."})
    relaciones_cambian = set(encuentro.organizadores.all()) != set(organizadores) or set(
        encuentro.servicios_presentes.all()
    ) != set(servicios_presentes)
    encuentro.organizadores.set(organizadores)
    encuentro.servicios_presentes.set(servicios_presentes)
    actualizar_modelo(
        instancia=encuentro,
        campos=CAMPOS_ENCUENTRO,
        datos=datos,
        version=version,
        por=por,
        guardar_siempre=relaciones_cambian,
    )
    return encuentro


@transaction.atomic
def encuentro_invitar_empresas(
    *, encuentro: EncuentroEmpresarial, empresas: Iterable[Empresa], por: Usuario
) -> int:
    """Adds companies of the encuentro's region as invited; returns how many were new."""
    exigir(permissions.puede_gestionar_encuentro(por, encuentro))
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
    exigir(permissions.puede_gestionar_encuentro(por, participacion.encuentro))
    if estado not in ParticipacionEncuentro.Estado.values:
        raise ValidationError("Estado no válido.")
    actualizar_modelo(instancia=participacion, campos=["estado"], datos={"estado": estado}, por=por)
    return participacion
