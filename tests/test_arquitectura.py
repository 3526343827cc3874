"""Dependencies point one way (STYLE.md): nucleo <- omil, convenios, empresas <- mesas <-
informes"""

import ast
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[1]
CAPA = {"nucleo": 0, "omil": 1, "convenios": 1, "empresas": 1, "mesas": 2, "informes": 3}


def importaciones(archivo: Path) -> set[str]:
    arbol = ast.parse(archivo.read_text(encoding="utf-8"))
    nombres = set()
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Import):
            nombres |= {a.name.split(".")[0] for a in nodo.names}
        elif isinstance(nodo, ast.ImportFrom) and nodo.module and nodo.level == 0:
            nombres.add(nodo.module.split(".")[0])
    return nombres


@pytest.mark.parametrize("app", sorted(CAPA))
def test_ninguna_app_importa_hacia_arriba(app):
    prohibidas = set()
    for archivo in (RAIZ / app).rglob("*.py"):
        for modulo in importaciones(archivo) & set(CAPA):
            if modulo != app and CAPA[modulo] >= CAPA[app]:
                prohibidas.add(f"{archivo.relative_to(RAIZ)} importa {modulo}")

    assert not prohibidas, prohibidas
