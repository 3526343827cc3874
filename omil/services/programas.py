"""Writes of the services' programmes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from nucleo.alcance import alcance_de
from nucleo.models import Programa, Rol, ServicioPublico, Usuario
from nucleo.servicios import actualizar_modelo, exigir
from omil import permissions
from omil.models import (
    FichaPrograma,
)

CAMPOS_PROGRAMA = ["nombre", "descripcion", "poblacion_objetivo", "activo"]
CAMPOS_FICHA = ["requisitos", "como_derivar", "contacto", "actualizado_por"]


def _oficina_de(por: Usuario, servicio: ServicioPublico) -> str:
    """The region where `por` represents `servicio` (PermissionDenied if nowhere)."""
    exigir(
        permissions.puede_crear_programa(por, servicio),
        "Solo quien representa a ese servicio puede registrar sus programas.",
    )
    return next(
        rol.region_id
        for rol in alcance_de(por).roles
        if rol.rol == Rol.REPRESENTANTE and rol.servicio_id == servicio.pk
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
    programa._history_user = por
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
    version: int | None = None,
    nombre: str,
    descripcion: str,
    poblacion_objetivo: str,
    requisitos: str,
    como_derivar: str,
    contacto: str,
    activo: bool,
    publico: bool | None = None,
    para_quien: str | None = None,
    requisitos_publicos: str | None = None,
    como_postular: str | None = None,
    poblaciones: list[str] | None = None,
    por: Usuario,
) -> Programa:
    """Edits a programme and its regional ficha. The public offer's texts (`publico`,
    `para_quien`, `requisitos_publicos` → `Programa.requisitos`, `como_postular`, `poblaciones`
    as nucleo.Poblacion codes) change only when given; None keeps them."""
    exigir(
        permissions.puede_editar_programa(por, programa),
        "Solo quien representa al servicio en la región edita sus programas regionales.",
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
    datos_ficha = {
        "requisitos": requisitos.strip(),
        "como_derivar": como_derivar.strip(),
        "contacto": contacto.strip(),
        "actualizado_por": por,
    }
    ficha = programa.ficha
    ficha_cambia = any(
        getattr(ficha, campo) != valor
        for campo, valor in datos_ficha.items()
        if campo != "actualizado_por"
    )
    publicos = {
        "publico": publico,
        "para_quien": para_quien.strip() if para_quien is not None else None,
        "requisitos": requisitos_publicos.strip() if requisitos_publicos is not None else None,
        "como_postular": como_postular.strip() if como_postular is not None else None,
        "poblaciones": list(poblaciones) if poblaciones is not None else None,
    }
    publicos = {campo: valor for campo, valor in publicos.items() if valor is not None}
    # The programme's version covers its ficha too: one form edits both.
    actualizar_modelo(
        instancia=programa,
        campos=[*CAMPOS_PROGRAMA, *publicos],
        datos={
            "nombre": nombre,
            "descripcion": descripcion.strip(),
            "poblacion_objetivo": poblacion_objetivo.strip(),
            "activo": activo,
            **publicos,
        },
        version=version,
        por=por,
        guardar_siempre=ficha_cambia,
    )
    if ficha_cambia:
        actualizar_modelo(instancia=ficha, campos=CAMPOS_FICHA, datos=datos_ficha, por=por)
    return programa
