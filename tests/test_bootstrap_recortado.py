"""The pages load Bootstrap without its unused rules (deploy/recortar_bootstrap.py, `make css`), and
that file still has every Bootstrap class a page can use."""

import importlib.util
import re
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "recortar_bootstrap", RAIZ / "deploy" / "recortar_bootstrap.py"
)
recortar = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(recortar)


def _selectores(css: str) -> list[set[str]]:
    """The classes of each selector of each rule (declarations, url(data:…) and numbers out)."""
    return [
        set(re.findall(r"\.(-?[A-Za-z_][\w-]*)", selector))
        for lista in re.findall(r"([^{}]+)\{[^{}]*\}", css)
        for selector in lista.split(",")
    ]


def test_el_bootstrap_recortado_tiene_cada_clase_que_usan_las_paginas():
    completo = _selectores(recortar.COMPLETO.read_text(encoding="utf-8"))
    recortadas = set().union(*_selectores(recortar.RECORTADO.read_text(encoding="utf-8")))
    palabras = set()
    for archivo in recortar.contenido():
        palabras |= set(re.findall(r"[\w-]+", archivo.read_text(encoding="utf-8", errors="ignore")))

    # A rule a page can match: all its classes are words of the content, or kept by prefix.
    usadas = set().union(
        *(
            clases
            for clases in completo
            if all(c in palabras or any(re.match(s, c) for s in recortar.SEGUROS) for c in clases)
        )
    )
    faltan = usadas - recortadas

    assert not faltan, f"Corra `make css`: faltan {sorted(faltan)[:20]}"
    assert {"navbar-collapse", "collapsing", "show", "alert-warning"} <= recortadas
    assert len(recortar.RECORTADO.read_bytes()) < len(recortar.COMPLETO.read_bytes()) / 2


@pytest.mark.django_db
@pytest.mark.parametrize("ruta", ["/cuenta/login/", "/oferta/"])
def test_las_paginas_cargan_el_bootstrap_recortado(client, ruta):
    respuesta = client.get(ruta)

    html = respuesta.content.decode()
    assert "vendor/bootstrap/bootstrap.recortado.min" in html
    assert "vendor/bootstrap/bootstrap.min.css" not in html
