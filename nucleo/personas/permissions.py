"""Who manages which people: the articulador(a) everyone of their region, an OMIL's encargado(a)
the gestores of their own OMIL. Scope (404 outside it) lives in nucleo.personas.selectors."""

from __future__ import annotations

from nucleo.alcance import alcance_de
from nucleo.models import ROLES_DATOS_PUBLICOS, Institucion, Membresia, Rol
from nucleo.registro import FIRMADO, PUBLICO

GESTORES_PERSONAS = frozenset({Rol.ARTICULADOR, Rol.ENCARGADO_OMIL})

ACCESOS: dict = {
    "nucleo:persona_list": GESTORES_PERSONAS,
    "nucleo:persona_detail": GESTORES_PERSONAS,
    "nucleo:invitacion_create": GESTORES_PERSONAS,
    "nucleo:invitacion_revocar": GESTORES_PERSONAS,
    "nucleo:membresia_rol": GESTORES_PERSONAS,
    "nucleo:membresia_desactivar": GESTORES_PERSONAS,
    "nucleo:omil_ajustes": GESTORES_PERSONAS,
    "nucleo:institucion_edit": GESTORES_PERSONAS | {Rol.REPRESENTANTE},
    "nucleo:invitacion_aceptar": FIRMADO,
    # ClaveÚnica (mozilla-django-oidc): the provider sends the person back here.
    "oidc_authentication_init": PUBLICO,
    "oidc_authentication_callback": PUBLICO,
}


def roles_asignables(usuario, institucion: Institucion) -> list[str]:
    """The roles `usuario` may give (or take away) in `institucion`; empty if none."""
    alcance = alcance_de(usuario)
    # The administrator onboards a region (manage.py region_alta) without a role in it.
    if getattr(usuario, "is_superuser", False) or alcance.tiene_rol(
        Rol.ARTICULADOR, region=institucion.region_id
    ):
        if institucion.es_omil:
            return [Rol.ENCARGADO_OMIL, Rol.GESTOR_TERRITORIAL, Rol.AUTORIDAD_COMUNAL]
        if institucion.es_sence:
            return [Rol.ARTICULADOR, Rol.DIRECTOR, Rol.EJECUTIVO]
        return [Rol.REPRESENTANTE]
    if institucion.es_omil and any(
        r.rol == Rol.ENCARGADO_OMIL and r.institucion_id == institucion.pk for r in alcance.roles
    ):
        return [Rol.GESTOR_TERRITORIAL]
    return []


def puede_invitar(usuario, institucion: Institucion, rol: str) -> bool:
    return rol in roles_asignables(usuario, institucion)


def puede_ajustar_omil(usuario, institucion: Institucion) -> bool:
    """An OMIL's settings: the region's articulador(a) or the OMIL's encargado(a)."""
    alcance = alcance_de(usuario)
    return institucion.es_omil and (
        alcance.tiene_rol(Rol.ARTICULADOR, region=institucion.region_id)
        or any(
            r.rol == Rol.ENCARGADO_OMIL and r.institucion_id == institucion.pk
            for r in alcance.roles
        )
    )


def puede_gestionar_membresia(usuario, membresia: Membresia) -> bool:
    return membresia.rol in roles_asignables(usuario, membresia.institucion)


def puede_reasignar_pendientes(usuario, *, de, institucion: Institucion) -> bool:
    """Passing what `de` leaves open in `institucion` to a colleague: whoever may manage one of
    their roles there (the step of deactivating them, nucleo.personas.services)."""
    return any(
        puede_gestionar_membresia(usuario, m)
        for m in Membresia.objects.filter(usuario=de, institucion=institucion).select_related(
            "institucion"
        )
    )


def puede_dar_alta_region(usuario, region) -> bool:
    """Onboarding a region (manage.py region_alta) is the administrator's: no role inside a
    region that does not exist yet can grant it."""
    return bool(
        usuario is not None
        and getattr(usuario, "is_active", False)
        and getattr(usuario, "is_superuser", False)
    )


def puede_editar_institucion(usuario, institucion: Institucion) -> bool:
    """An institution's public data (address, hours, map, contact role): the region's
    articulador(a), or the institution's own encargado(a) OMIL or representante."""
    alcance = alcance_de(usuario)
    return alcance.tiene_rol(Rol.ARTICULADOR, region=institucion.region_id) or any(
        r.rol in ROLES_DATOS_PUBLICOS and r.institucion_id == institucion.pk for r in alcance.roles
    )
