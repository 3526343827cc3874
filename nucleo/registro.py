"""Extension points that let the upper apps add to pages nucleo owns, without nucleo importing them.

Each app registers, in its AppConfig.ready(), its navigation links and the panels it adds to the
home page; its `demo` module, if present, is found by `seed_demo` (see nucleo.demo).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nucleo.alcance import Alcance


@dataclass(frozen=True)
class Enlace:
    etiqueta: str
    url_name: str
    visible: Callable[[Alcance], bool]
    orden: int = 50


@dataclass(frozen=True)
class Panel:
    """A section of the home page: a template and its context."""

    titulo: str
    template: str
    contexto: dict[str, Any] = field(default_factory=dict)
    orden: int = 50
    ancho: str = "col-12"


ProveedorPanel = Callable[[Any, Alcance], "Panel | list[Panel] | None"]

_enlaces: list[Enlace] = []
_paneles: list[ProveedorPanel] = []


def registrar_enlace(enlace: Enlace) -> None:
    if enlace not in _enlaces:
        _enlaces.append(enlace)


def registrar_panel(proveedor: ProveedorPanel) -> ProveedorPanel:
    if proveedor not in _paneles:
        _paneles.append(proveedor)
    return proveedor


def enlaces_para(alcance: Alcance) -> list[Enlace]:
    return sorted((e for e in _enlaces if e.visible(alcance)), key=lambda e: e.orden)


def paneles_para(usuario, alcance: Alcance) -> list[Panel]:
    paneles: list[Panel] = []
    for proveedor in _paneles:
        resultado = proveedor(usuario, alcance)
        if resultado is None:
            continue
        paneles.extend(resultado if isinstance(resultado, list) else [resultado])
    return sorted(paneles, key=lambda p: p.orden)
