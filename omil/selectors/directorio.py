"""The regional directory: OMIL offices and their professionals, with contact links."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet

from nucleo.alcance import alcance_de
from nucleo.models import Institucion, Membresia, Rol

if TYPE_CHECKING:
    from omil.filters import DirectorioFilter, ProfesionalFilter


def regiones_del_directorio(usuario) -> list[str]:
    return sorted(alcance_de(usuario).regiones())


def omiles_de_region(region_id: str) -> QuerySet[Institucion]:
    equipo = Membresia.objects.filter(
        activa=True, usuario__is_active=True, rol__in=[Rol.ENCARGADO_OMIL, Rol.GESTOR_TERRITORIAL]
    ).select_related("usuario")
    return (
        Institucion.objects.filter(region_id=region_id, tipo=Institucion.Tipo.OMIL, activa=True)
        .select_related("comuna", "comuna__provincia")
        .prefetch_related(Prefetch("membresias", queryset=equipo, to_attr="equipo"))
        .order_by("comuna__provincia__codigo", "comuna__nombre")
    )


def buscar_omiles(qs: QuerySet[Institucion], texto: str) -> QuerySet[Institucion]:
    """OMIL whose name, comuna or province contains the text (omil.filters.DirectorioFilter)."""
    return qs.filter(
        Q(nombre__icontains=texto)
        | Q(comuna__nombre__icontains=texto)
        | Q(comuna__provincia__nombre__icontains=texto)
    )


def profesionales_de_region(region_id: str) -> QuerySet[Membresia]:
    return (
        Membresia.objects.filter(
            institucion__region_id=region_id,
            institucion__activa=True,
            activa=True,
            usuario__is_active=True,
        )
        .select_related("usuario", "institucion", "institucion__servicio", "institucion__comuna")
        .order_by("institucion__tipo", "institucion__nombre", "usuario__first_name")
    )


def buscar_profesionales(qs: QuerySet[Membresia], texto: str) -> QuerySet[Membresia]:
    """People whose name, position or institution contains every word of the text."""
    for palabra in texto.split():
        qs = qs.filter(
            Q(usuario__first_name__icontains=palabra)
            | Q(usuario__last_name__icontains=palabra)
            | Q(cargo__icontains=palabra)
            | Q(institucion__nombre__icontains=palabra)
        )
    return qs


def enlace_whatsapp(telefono: str) -> str:
    """https://wa.me/<digits> for a Chilean mobile number; "" for landlines and junk."""
    digitos = re.sub(r"\D", "", telefono or "")
    if len(digitos) == 9 and digitos.startswith("9"):
        digitos = f"56{digitos}"
    if len(digitos) == 11 and digitos.startswith("569"):
        return f"https://wa.me/{digitos}"
    return ""


def enlace_telefono(telefono: str) -> str:
    limpio = re.sub(r"[^\d+]", "", telefono or "")
    return f"tel:{limpio}" if limpio else ""


def omiles_filtradas(region, regiones, datos) -> tuple[DirectorioFilter, QuerySet[Institucion]]:
    """The OMIL directory of `region` (one of `regiones`, the user's: the view's scope choice),
    through DirectorioFilter with `datos`."""
    from omil.filters import DirectorioFilter

    filtro = DirectorioFilter(
        datos or None, queryset=omiles_de_region(region.pk), regiones=regiones
    )
    return filtro, filtro.qs


def profesionales_filtrados(
    region, regiones, datos
) -> tuple[ProfesionalFilter, QuerySet[Membresia]]:
    """The OMIL professionals of `region`, through ProfesionalFilter with `datos`."""
    from omil.filters import ProfesionalFilter

    filtro = ProfesionalFilter(
        datos or None, queryset=profesionales_de_region(region.pk), regiones=regiones
    )
    return filtro, filtro.qs
