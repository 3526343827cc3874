"""What a user may see and do: the one place every app asks.

A user's scope comes from their active memberships:
- SENCE staff (articulador, director, ejecutivo) read their whole region;
- OMIL staff (encargado, gestor territorial) read and write their comuna's communal data;
- service representatives read what their institution takes part in;
- a comuna's authority (alcalde/sa or delegate) reads its comuna's mesa, plan, agreements and
  visits, and writes nothing but their own answers (and the plan's approval, when the comuna
  asks for it). Their membership sits in the comuna's OMIL, but they do not act for it.
Nobody sees another region unless a membership gives them a role there. Superusers use the
Django admin; in the app they have exactly the memberships they hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from nucleo.models import ROLES_DATOS_PUBLICOS, ROLES_OMIL, ROLES_SENCE, Membresia, Rol, Usuario


@dataclass(frozen=True)
class RolAsignado:
    """One active membership, flattened (no further queries needed)."""

    rol: str
    institucion_id: int
    institucion_nombre: str
    servicio_id: int | None
    region_id: str
    comuna_id: str | None

    @property
    def rol_display(self) -> str:
        return Rol(self.rol).label

    @property
    def edita_datos_publicos(self) -> bool:
        """The role keeps its own institution's public data (nucleo:institucion_edit)."""
        return self.rol in ROLES_DATOS_PUBLICOS


@dataclass(frozen=True)
class Alcance:
    roles: tuple[RolAsignado, ...]

    @property
    def vacio(self) -> bool:
        return not self.roles

    def _con(self, roles: Iterable[str]) -> list[RolAsignado]:
        roles = set(roles)
        return [r for r in self.roles if r.rol in roles]

    def regiones(self) -> set[str]:
        """Regions where the user has any role."""
        return {r.region_id for r in self.roles}

    def regiones_sence(self, *roles: str) -> set[str]:
        """Regions where the user is SENCE staff (in one of `roles`, by default any SENCE role)."""
        return {r.region_id for r in self._con(roles or ROLES_SENCE)}

    def comunas_omil(self) -> set[str]:
        return {r.comuna_id for r in self._con(ROLES_OMIL)}

    def instituciones(self) -> set[int]:
        """Institutions the user acts for (a mayor's OMIL membership is not one)."""
        return {r.institucion_id for r in self.roles if r.rol != Rol.AUTORIDAD_COMUNAL}

    def comunas_autoridad(self) -> set[str]:
        """Comunas where the user is the communal authority."""
        return {r.comuna_id for r in self._con([Rol.AUTORIDAD_COMUNAL])}

    def es_autoridad(self, comuna: str | None = None) -> bool:
        return any(comuna is None or c == comuna for c in self.comunas_autoridad())

    def instituciones_servicio(self) -> set[int]:
        """Service offices the user represents."""
        return {r.institucion_id for r in self._con([Rol.REPRESENTANTE])}

    def tiene_rol(self, *roles: str, region: str | None = None) -> bool:
        return any(region is None or r.region_id == region for r in self._con(roles))

    def es_sence(self, region: str | None = None) -> bool:
        return self.tiene_rol(*ROLES_SENCE, region=region)

    def es_omil(self, comuna: str | None = None) -> bool:
        return any(comuna is None or r.comuna_id == comuna for r in self._con(ROLES_OMIL))

    def es_representante(self) -> bool:
        return self.tiene_rol(Rol.REPRESENTANTE)

    def huella(self) -> tuple:
        """What the scope is made of, stably ordered: users with the same huella see the same
        rows, so what is computed from their scope can be shared (nucleo.cache.memo)."""
        return tuple(
            sorted((r.rol, r.institucion_id, r.region_id, r.comuna_id or "") for r in self.roles)
        )

    def filtro_territorio(self, campo_region: str, campo_comuna: str | None = None) -> Q:
        """Q for rows tied to a territory: the whole region for SENCE staff, the comuna for OMIL.

        With neither role the Q matches nothing (an empty IN is never true).
        """
        q = Q(**{f"{campo_region}__in": self.regiones_sence()})
        if campo_comuna:
            q |= Q(**{f"{campo_comuna}__in": self.comunas_omil()})
        return q

    def filtro_lectura(self, campo_region: str, campo_comuna: str) -> Q:
        """filtro_territorio plus the comunas where the user is the communal authority: for
        what a mayor reads (their comuna's plan and visits), never for writes."""
        return self.filtro_territorio(campo_region, campo_comuna) | Q(
            **{f"{campo_comuna}__in": self.comunas_autoridad()}
        )


def alcance_de(usuario: Usuario) -> Alcance:
    """The scope of `usuario`, computed once per user object (one query)."""
    if not getattr(usuario, "is_authenticated", False) or not usuario.is_active:
        return Alcance(roles=())
    cache = getattr(usuario, "_alcance_cache", None)
    if cache is not None:
        return cache
    filas = (
        Membresia.objects.filter(usuario=usuario, activa=True, institucion__activa=True)
        .order_by("institucion__region_id", "rol")
        .values_list(
            "rol",
            "institucion_id",
            "institucion__nombre",
            "institucion__servicio_id",
            "institucion__region_id",
            "institucion__comuna_id",
        )
    )
    alcance = Alcance(roles=tuple(RolAsignado(*fila) for fila in filas))
    usuario._alcance_cache = alcance
    return alcance
