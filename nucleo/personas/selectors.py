"""Reads of people management, always inside the manager's scope."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Q, QuerySet

from nucleo.alcance import alcance_de
from nucleo.models import ROLES_DATOS_PUBLICOS, Institucion, Invitacion, Membresia, Rol, Usuario


def _instituciones(usuario, roles_propios: Collection[str]) -> QuerySet[Institucion]:
    """Every institution of the regions where `usuario` is articulador(a), plus those where
    they hold one of `roles_propios`."""
    alcance = alcance_de(usuario)
    regiones = alcance.regiones_sence(Rol.ARTICULADOR)
    propias = {r.institucion_id for r in alcance.roles if r.rol in roles_propios}
    return (
        Institucion.objects.filter(Q(region_id__in=regiones) | Q(pk__in=propias), activa=True)
        .select_related("servicio", "comuna", "region")
        .order_by("region_id", "tipo", "nombre")
    )


def instituciones_gestionables(usuario) -> QuerySet[Institucion]:
    """Every institution of the regions where `usuario` is articulador(a), plus the OMIL where
    they are encargado(a)."""
    return _instituciones(usuario, (Rol.ENCARGADO_OMIL,))


def instituciones_editables(usuario) -> QuerySet[Institucion]:
    """The institutions whose public data `usuario` may see to edit: those they manage
    (instituciones_gestionables) and the regional office they represent."""
    return _instituciones(usuario, ROLES_DATOS_PUBLICOS)


def membresias_visibles(usuario) -> QuerySet[Membresia]:
    return (
        Membresia.objects.filter(institucion__in=instituciones_gestionables(usuario))
        .select_related("usuario", "institucion", "institucion__servicio", "institucion__comuna")
        .order_by("-activa", "institucion__nombre", "usuario__first_name", "usuario__last_name")
    )


def personas_visibles(usuario) -> QuerySet[Usuario]:
    return Usuario.objects.filter(
        pk__in=membresias_visibles(usuario).values("usuario_id")
    ).order_by("first_name", "last_name")


def invitaciones_visibles(usuario) -> QuerySet[Invitacion]:
    return Invitacion.objects.filter(
        institucion__in=instituciones_gestionables(usuario)
    ).select_related("institucion", "invitada_por", "aceptada_por")


def colegas(membresia: Membresia) -> QuerySet[Usuario]:
    """Active people of the same institution, the person themselves excluded."""
    return (
        Usuario.objects.filter(
            is_active=True,
            membresias__institucion_id=membresia.institucion_id,
            membresias__activa=True,
        )
        .exclude(pk=membresia.usuario_id)
        .distinct()
        .order_by("first_name", "last_name")
    )
