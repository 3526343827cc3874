"""Writes of companies."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from empresas import permissions
from empresas.models import (
    Contacto,
    Empresa,
    Necesidad,
)
from nucleo.models import Usuario
from nucleo.servicios import actualizar_modelo, exigir

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
    if comuna is not None and not permissions.puede_editar_en_comuna(usuario, comuna):
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
    exigir(permissions.puede_planificar_visitas(por))
    empresa = Empresa(**{c: datos[c] for c in CAMPOS_EMPRESA if c in datos}, creada_por=por)
    _validar_comuna(por, empresa.comuna_id and empresa.comuna)
    empresa.full_clean()
    empresa._history_user = por
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
    # Judged on the stored company: an edit form may already carry the new comuna.
    guardada = Empresa.objects.select_related("comuna").get(pk=empresa.pk)
    exigir(permissions.puede_editar_empresa(por, guardada))
    if "comuna" in datos:
        _validar_comuna(por, datos["comuna"])
    filas_cambian = contactos is not None or necesidades is not None
    _reemplazar_filas(
        empresa,
        None if contactos is None else list(contactos),
        None if necesidades is None else list(necesidades),
    )
    actualizar_modelo(
        instancia=empresa,
        campos=CAMPOS_EMPRESA,
        datos=datos,
        version=version,
        por=por,
        guardar_siempre=filas_cambian,
    )
    return empresa
