"""Writes of the services' programmes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from nucleo.alcance import alcance_de
from nucleo.models import Programa, Rol, ServicioPublico, Usuario
from omil.models import (
    FichaPrograma,
)


def _oficina_de(por: Usuario, servicio: ServicioPublico) -> str:
    """The region where `por` represents `servicio`, or a ValidationError."""
    for rol in alcance_de(por).roles:
        if rol.rol == Rol.REPRESENTANTE and rol.servicio_id == servicio.pk:
            return rol.region_id
    raise ValidationError(
        {"servicio": "Solo quien representa a ese servicio puede registrar sus programas."}
    )


@transaction.atomic
def programa_crear(
    *,
    servicio: ServicioPublico,
    nombre: str,
    descripcion: str,
    poblacion_objetivo: str,
    requisitos: str,
    como_derivar: str,
    contacto: str,
    por: Usuario,
) -> Programa:
    region_id = _oficina_de(por, servicio)
    nombre = nombre.strip()
    if Programa.objects.filter(servicio=servicio, nombre__iexact=nombre).exists():
        raise ValidationError(
            {
                "nombre": f"{servicio.sigla} ya tiene un programa llamado «{nombre}». "
                "Usa un nombre distinto (por ejemplo, agrega la región o la comuna)."
            }
        )
    programa = Programa(
        servicio=servicio,
        nombre=nombre,
        descripcion=descripcion.strip(),
        poblacion_objetivo=poblacion_objetivo.strip(),
    )
    programa.full_clean()
    programa.save()
    ficha = FichaPrograma(
        programa=programa,
        region_id=region_id,
        requisitos=requisitos.strip(),
        como_derivar=como_derivar.strip(),
        contacto=contacto.strip(),
        actualizado_por=por,
    )
    ficha.full_clean()
    ficha._history_user = por
    ficha.save()
    return programa


@transaction.atomic
def programa_editar(
    *,
    programa: Programa,
    nombre: str,
    descripcion: str,
    poblacion_objetivo: str,
    requisitos: str,
    como_derivar: str,
    contacto: str,
    activo: bool,
    por: Usuario,
) -> Programa:
    from omil.permissions import puede_editar_programa

    if not puede_editar_programa(por, programa):
        raise ValidationError(
            "Solo quien representa al servicio en la región edita sus programas regionales."
        )
    nombre = nombre.strip()
    if (
        Programa.objects.filter(servicio=programa.servicio, nombre__iexact=nombre)
        .exclude(pk=programa.pk)
        .exists()
    ):
        raise ValidationError(
            {"nombre": f"{programa.servicio.sigla} ya tiene un programa llamado «{nombre}»."}
        )
    programa.nombre = nombre
    programa.descripcion = descripcion.strip()
    programa.poblacion_objetivo = poblacion_objetivo.strip()
    programa.activo = activo
    programa.full_clean()
    programa.save()
    ficha = programa.ficha
    ficha.requisitos = requisitos.strip()
    ficha.como_derivar = como_derivar.strip()
    ficha.contacto = contacto.strip()
    ficha.actualizado_por = por
    ficha.full_clean()
    ficha._history_user = por
    ficha.save()
    return programa
