"""Bootstrap without the rules no page uses: `make css` (`python deploy/recortar_bootstrap.py`).

Bootstrap's full stylesheet is 232 KB (31 KB gzipped) and blocks the first paint; the pages use
about a tenth of it. PurgeCSS (npm `purgecss`, installed under var/purgecss on first use) keeps
every rule whose classes appear as a word in the files that can write a class into a page: our
templates, the Python that passes classes to them, our JS, crispy-bootstrap5's and Django's form
templates, and Bootstrap's and htmx's own JS (the classes they toggle: show, collapsing…).
Classes built in a template from pieces (`alert-{{ message.tags }}`) are kept by prefix
(SEGUROS). The result, static/vendor/bootstrap/bootstrap.recortado.min.css, is committed;
tests/test_bootstrap_recortado.py fails when a page uses a Bootstrap class it lacks, and tells
to run `make css` again.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
COMPLETO = RAIZ / "static" / "vendor" / "bootstrap" / "bootstrap.min.css"
RECORTADO = RAIZ / "static" / "vendor" / "bootstrap" / "bootstrap.recortado.min.css"
NODO = RAIZ / "var" / "purgecss"
VERSION = "7.0.2"
APPS = ("config", "nucleo", "omil", "convenios", "empresas", "mesas", "informes")
# Classes made of a fixed prefix and a value only known when the page renders.
SEGUROS = [r"^alert-", r"^btn-outline-", r"^form-check"]


def _plantillas_de(paquete: str) -> Path:
    return Path(importlib.util.find_spec(paquete).origin).parent / "templates"


def contenido() -> list[Path]:
    """Every file whose words may be a class in a page."""
    archivos = list((RAIZ / "templates").rglob("*.html"))
    for app in APPS:
        archivos += [p for p in (RAIZ / app).rglob("*.py") if "migrations" not in p.parts]
    archivos += list((RAIZ / "static" / "js").rglob("*.js"))
    archivos += list((RAIZ / "static" / "vendor").rglob("*.js"))
    for paquete in ("crispy_bootstrap5", "crispy_forms", "django.forms", "django_filters"):
        archivos += list(_plantillas_de(paquete).rglob("*.html"))
    return sorted(archivos)


def main() -> int:
    binario = NODO / "node_modules" / "purgecss"
    if not binario.exists():
        NODO.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"purgecss@{VERSION}",
            ],
            cwd=NODO,
            check=True,
        )
    with tempfile.TemporaryDirectory() as tmp:
        lista = Path(tmp) / "contenido.json"
        lista.write_text(json.dumps([str(p) for p in contenido()]))
        programa = f"""
import {{ PurgeCSS }} from "purgecss";
import fs from "node:fs";
const [r] = await new PurgeCSS().purge({{
  content: JSON.parse(fs.readFileSync({json.dumps(str(lista))}, "utf8")),
  css: [{json.dumps(str(COMPLETO))}],
  safelist: {{ standard: [{", ".join(f"/{s}/" for s in SEGUROS)}] }},
}});
process.stdout.write(r.css);
"""
        guion = NODO / "recortar.mjs"
        guion.write_text(programa)
        css = subprocess.run(
            ["node", str(guion)], cwd=NODO, check=True, capture_output=True, text=True
        ).stdout
    # At the end: @charset must stay the first thing in the file.
    aviso = "/* Generado por `make css` (deploy/recortar_bootstrap.py) desde bootstrap.min.css. */"
    RECORTADO.write_text(css.strip() + "\n" + aviso + "\n", encoding="utf-8")
    print(
        f"{RECORTADO.relative_to(RAIZ)}: {len(css) / 1024:.0f} KB "
        f"(de {COMPLETO.stat().st_size / 1024:.0f} KB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
