"""Writes of companies."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from empresas import selectors
from empresas.models import (
    Contacto,
    Empresa,
    Necesidad,
)
from nucleo.concurrencia import guardar_con_version
from nucleo.models import Usuario

CAMPOS_EMPRESA = [
    "rut",
    "razon_social",
    "nombre_fantasia",
    "rubro",
    "tamano",
    "comuna",
    "direccion",
    "telefono",
    "email",
    "sitio_web",
    "miembro_red_desde",
    "observaciones",
]


def _validar_comuna(usuario: Usuario, comuna) -> None:
    if not selectors.comunas_editables(usuario).filter(pk=comuna.pk).exists():
        raise ValidationError({"comuna": "No puedes registrar empresas en esa comuna."})


def _reemplazar_filas(empresa: Empresa, contactos, necesidades) -> None:
    if contactos is not None:
        empresa.contactos.all().delete()
        for datos in contactos:
            contacto = Contacto(empresa=empresa, **datos)
            contacto.full_clean()
            contacto.save()
    if necesidades is not None:
        empresa.necesidades.all().delete()
        for datos in necesidades:
            necesidad = Necesidad(empresa=empresa, **datos)
            necesidad.full_clean()
            necesidad.save()


@transaction.atomic
def empresa_crear(
    *,
    datos: dict,
    contactos: Iterable[dict] = (),
    necesidades: Iterable[dict] = (),
    por: Usuario,
) -> Empresa:
    empresa = Empresa(**{c: datos[c] for c in CAMPOS_EMPRESA if c in datos}, creada_por=por)
    _validar_comuna(por, empresa.comuna)
    empresa.full_clean()
    empresa.save()
    _reemplazar_filas(empresa, list(contactos), list(necesidades))
    return empresa


@transaction.atomic
def empresa_actualizar(
    *,
    empresa: Empresa,
    version: int,
    datos: dict,
    contactos: Iterable[dict] | None = None,
    necesidades: Iterable[dict] | None = None,
    por: Usuario,
) -> Empresa:
    for campo in CAMPOS_EMPRESA:
        if campo in datos:
            setattr(empresa, campo, datos[campo])
    _validar_comuna(por, empresa.comuna)
    empresa.full_clean()
    guardar_con_version(empresa, version=version)
    # guardar_con_version updates in SQL; record the change in the history too.
    empresa.refresh_from_db()
    empresa._history_user = por
    empresa.save(update_fields=["updated_at"])
    _reemplazar_filas(
        empresa,
        None if contactos is None else list(contactos),
        None if necesidades is None else list(necesidades),
    )
    return empresa
