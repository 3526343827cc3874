"""Reads of companies in a user's scope."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from empresas import rut as rut_chileno
from empresas.models import (
    Empresa,
    ImportacionEmpresas,
    InvitacionVisita,
)
from empresas.permissions import ROLES_GESTION_SENCE
from nucleo.alcance import alcance_de
from nucleo.models import Comuna, Usuario

if TYPE_CHECKING:
    from empresas.filters import EmpresaFilter


def _q_empresas_invitadas(alcance) -> Q:
    servicios = alcance.instituciones_servicio()
    if not servicios:
        return Q(pk__in=[])
    return Q(
        Exists(
            InvitacionVisita.objects.filter(
                visita__empresa=OuterRef("pk"), institucion_id__in=servicios
            )
        )
    )


def empresas_visibles(usuario: Usuario) -> QuerySet[Empresa]:
    alcance = alcance_de(usuario)
    return Empresa.objects.filter(
        alcance.filtro_territorio("comuna__region", "comuna") | _q_empresas_invitadas(alcance)
    ).select_related("comuna__region")


def empresas_editables(usuario: Usuario) -> QuerySet[Empresa]:
    alcance = alcance_de(usuario)
    return Empresa.objects.filter(
        Q(comuna__region__in=alcance.regiones_sence(*ROLES_GESTION_SENCE))
        | Q(comuna__in=alcance.comunas_omil())
    ).select_related("comuna__region")


def empresa_con_detalle(usuario: Usuario) -> QuerySet[Empresa]:
    return empresas_visibles(usuario).prefetch_related("contactos", "necesidades")


def comunas_para_empresas(usuario: Usuario) -> QuerySet[Comuna]:
    """The comunas a user may register companies in (and filter by)."""
    alcance = alcance_de(usuario)
    return (
        Comuna.objects.filter(
            Q(region__in=alcance.regiones_sence()) | Q(codigo__in=alcance.comunas_omil())
        )
        .select_related("region")
        .order_by("nombre")
    )


def comunas_editables(usuario: Usuario) -> QuerySet[Comuna]:
    alcance = alcance_de(usuario)
    return Comuna.objects.filter(
        Q(region__in=alcance.regiones_sence(*ROLES_GESTION_SENCE))
        | Q(codigo__in=alcance.comunas_omil())
    ).order_by("nombre")


_PARECE_RUT = re.compile(r"[\d.\s\-]+[kK]?")


def filtrar_por_texto(qs: QuerySet[Empresa], texto: str) -> QuerySet[Empresa]:
    """Search by RUT in any format ("76.123.456-k", "76123456", "76123") or by name."""
    texto = (texto or "").strip()
    if not texto:
        return qs
    q = Q(razon_social__icontains=texto) | Q(nombre_fantasia__icontains=texto)
    if _PARECE_RUT.fullmatch(texto) and any(c.isdigit() for c in texto):
        compacto = rut_chileno.compactar(texto)
        if rut_chileno.es_valido(compacto) and len(compacto) >= 7:
            q |= Q(rut=rut_chileno.normalizar(compacto))
        # A partial body also finds the company ("76123456" without the check digit).
        q |= Q(rut__startswith=compacto.rstrip("K"))
    return qs.filter(q)


def importaciones_propias(usuario: Usuario) -> QuerySet[ImportacionEmpresas]:
    return ImportacionEmpresas.objects.filter(subida_por=usuario)


def empresas_filtradas(usuario, datos) -> tuple[EmpresaFilter, QuerySet[Empresa]]:
    """The companies list: what the user sees, through EmpresaFilter with `datos` (the query
    string), by name; alone, so that counting and paging join nothing."""
    from empresas.filters import EmpresaFilter  # the filters read this app's selectors

    filtro = EmpresaFilter(datos or None, queryset=empresas_visibles(usuario), usuario=usuario)
    return filtro, filtro.qs.select_related(None).order_by("razon_social", "pk")
