"""Extension points that let the upper apps add to pages nucleo owns, without nucleo importing them.

Each app registers, in its AppConfig.ready(), its navigation links and the panels it adds to the
home page; its `demo` module, if present, is found by `seed_demo` (see nucleo.demo).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from nucleo.alcance import Alcance


@dataclass(frozen=True)
class Enlace:
    etiqueta: str
    url_name: str
    visible: Callable[[Alcance], bool]
    orden: int = 50
    secundario: bool = False  # under «Más» in the bar, so the bar stays within two rows


@dataclass(frozen=True)
class Panel:
    """A section of the home page: a template and its context (or, once rendered, its HTML)."""

    titulo: str
    template: str
    contexto: dict[str, Any] = field(default_factory=dict)
    orden: int = 50
    ancho: str = "col-12"
    html: str = ""
    # Its template sends htmx requests (hx- attributes): the home page loads htmx only when a
    # panel says so (a phone on 3G waits for every script; issue 19).
    htmx: bool = False


ProveedorPanel = Callable[[Any, Alcance], "Panel | list[Panel] | None"]

_enlaces: list[Enlace] = []
_paneles: dict[ProveedorPanel, bool] = {}  # provider -> shared by users of the same scope


def registrar_enlace(enlace: Enlace) -> None:
    if enlace not in _enlaces:
        _enlaces.append(enlace)


def registrar_panel(proveedor: ProveedorPanel | None = None, *, compartido: bool = False):
    """Adds a home page panel provider; as `@registrar_panel` or `@registrar_panel(...)`.

    `compartido=True` promises that what the provider shows depends on the user's scope only
    (`Alcance`, never the user themselves): its panels are then rendered once and kept in the
    cache for everyone with the same roles, until our data changes (nucleo.cache.memo).
    Otherwise (a user's own invitations or reports) what the provider returns is kept for that
    user alone, on the same terms, and rendered on each request, whose CSRF token its forms
    carry. Either way a provider whose result depends on the clock may show it up to
    nucleo.cache.SEGUNDOS late (an invitation to a visit that began a few minutes ago).
    """

    def registrar(p: ProveedorPanel) -> ProveedorPanel:
        _paneles.setdefault(p, compartido)
        return p

    return registrar(proveedor) if proveedor is not None else registrar


def enlaces_para(alcance: Alcance) -> list[Enlace]:
    return sorted((e for e in _enlaces if e.visible(alcance)), key=lambda e: e.orden)


def _como_lista(resultado: Panel | list[Panel] | None) -> list[Panel]:
    if resultado is None:
        return []
    return resultado if isinstance(resultado, list) else [resultado]


def _renderizados(proveedor: ProveedorPanel, usuario, alcance: Alcance) -> list[Panel]:
    from django.template.loader import render_to_string

    from nucleo.context_processors import opciones

    # Rendered once for many requests (cached), so without one: the choices are passed here.
    contexto = opciones(None)
    return [
        replace(p, html=render_to_string(p.template, {"p": p.contexto, **contexto}), contexto={})
        for p in _como_lista(proveedor(usuario, alcance))
    ]


def paneles_para(usuario, alcance: Alcance) -> list[Panel]:
    """The home page's panels, in order: the shared ones rendered once per scope, the personal
    ones (a user's own data) kept per user; both from one round trip to the cache while nothing
    changes (see registrar_panel)."""
    from nucleo.cache import memo

    huella = alcance.huella()
    pedidos = []
    for proveedor, compartido in _paneles.items():
        nombre = f"panel:{proveedor.__module__}.{proveedor.__name__}"
        if compartido:
            pedidos.append((nombre, huella, lambda p=proveedor: _renderizados(p, usuario, alcance)))
        else:
            pedidos.append(
                (nombre, (huella, usuario.pk), lambda p=proveedor: _como_lista(p(usuario, alcance)))
            )
    paneles = [panel for lista in memo(pedidos) for panel in lista]
    return sorted(paneles, key=lambda p: p.orden)


# --- Access table -------------------------------------------------------------------------------
# Every named URL declares who may open it (django-oscar's permissions_map, in one place per app).
# nucleo.middleware.AccesoMiddleware enforces it for every request; a URL missing from the table
# answers 404 (deny by default) and tests/test_accesos.py fails.
PUBLICO = "publico"  # anyone, signed in or not (login, password reset)
FIRMADO = "firmado"  # anyone holding a valid signed link; the view verifies the signature
AUTENTICADO = "autenticado"  # any signed-in user, with or without a role

_accesos: dict[str, str | frozenset[str]] = {}


def registrar_accesos(tabla: dict[str, str | frozenset[str] | set[str]]) -> None:
    """`tabla` maps "app:url_name" to PUBLICO, FIRMADO, AUTENTICADO or a set of roles (Rol)."""
    for nombre, regla in tabla.items():
        _accesos[nombre] = regla if isinstance(regla, str) else frozenset(regla)


def acceso_de(nombre_url: str) -> str | frozenset[str] | None:
    return _accesos.get(nombre_url)


def tabla_de_accesos() -> dict[str, str | frozenset[str]]:
    return dict(_accesos)


# --- Calendar -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Evento:
    """Something with a date that appears in a user's calendar and iCalendar feed."""

    uid: str  # stable and globally unique, e.g. "sesion-42@mesas"
    titulo: str
    inicio: Any  # aware datetime
    fin: Any  # aware datetime
    url: str  # path inside the app
    lugar: str = ""
    descripcion: str = ""
    tipo: str = ""  # "sesion", "visita"… for colour and filters
    cancelado: bool = False


ProveedorEventos = Callable[[Any, Alcance, Any, Any], "list[Evento]"]
_eventos: list[ProveedorEventos] = []


def registrar_eventos(proveedor: ProveedorEventos) -> ProveedorEventos:
    """`proveedor(usuario, alcance, desde, hasta)` returns the user's events in [desde, hasta)."""
    if proveedor not in _eventos:
        _eventos.append(proveedor)
    return proveedor


def eventos_para(usuario, alcance: Alcance, desde, hasta) -> list[Evento]:
    eventos = [e for proveedor in _eventos for e in proveedor(usuario, alcance, desde, hasta)]
    return sorted(eventos, key=lambda e: e.inicio)


# --- People who leave -------------------------------------------------------------------------
@dataclass(frozen=True)
class Reasignacion:
    """What a deactivated person leaves open in an upper app (their open agreements, planned
    visits) and how it passes to a colleague of the same institution."""

    etiqueta: str  # plural, lower case: "acuerdos abiertos"
    contar: Callable[[Any, Any], int]  # (usuario, institucion) -> how many are open
    reasignar: Callable[..., int]  # (*, de, a, institucion, por) -> how many were moved


_reasignaciones: list[Reasignacion] = []


def registrar_reasignacion(reasignacion: Reasignacion) -> None:
    if reasignacion not in _reasignaciones:
        _reasignaciones.append(reasignacion)


def reasignaciones() -> list[Reasignacion]:
    return list(_reasignaciones)


# --- A region starts --------------------------------------------------------------------------
# `manage.py region_alta` creates nucleo's part (institutions) and then calls each upper app's
# step (the regional mesa) with (region, sence, oficinas, por): they must be idempotent.
_altas_region: list[Callable[..., str | None]] = []


def registrar_alta_region(paso: Callable[..., str | None]) -> Callable[..., str | None]:
    if paso not in _altas_region:
        _altas_region.append(paso)
    return paso


def pasos_alta_region() -> list[Callable[..., str | None]]:
    return list(_altas_region)


# --- A role starts, changes or ends ------------------------------------------------------------
# Called with the Membresia after an invitation is accepted, a role changed or a person taken out
# of an institution: upper apps react (the communal authority joins or leaves their comuna's mesa).
_al_cambiar_membresia: list[Callable[[Any], None]] = []


def registrar_al_cambiar_membresia(funcion: Callable[[Any], None]) -> Callable[[Any], None]:
    if funcion not in _al_cambiar_membresia:
        _al_cambiar_membresia.append(funcion)
    return funcion


def membresia_cambiada(membresia) -> None:
    for funcion in _al_cambiar_membresia:
        funcion(membresia)
