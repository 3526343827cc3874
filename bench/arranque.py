"""Start-up time of a web process and of a worker (issue 19, point 7): `python -m bench.arranque`.

A web process: settings, apps, the WSGI handler and the whole URLconf (every view module), as a
gunicorn worker before its first request. A worker: settings, apps and every task module, plus
WeasyPrint, which its first report loads. Median of 5 fresh interpreters each, with the
settings of the environment (bench.correr passes the production ones; alone, the local ones
without DEBUG). --salida writes the figures as JSON for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent

WEB = (
    "from config.wsgi import application\n"
    "from django.urls import get_resolver\n"
    "get_resolver().url_patterns\n"
)
WORKER = (
    "import django\n"
    "django.setup()\n"
    "from config.celery import app\n"
    "app.loader.import_default_modules()\n"
    "import weasyprint\n"
)


def medir(programa: str, veces: int = 5) -> tuple[float, bool]:
    entorno = {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "false", **os.environ}
    tiempos = []
    for _ in range(veces):
        inicio = time.perf_counter()
        resultado = subprocess.run(
            [sys.executable, "-c", programa + "import sys; print('weasyprint' in sys.modules)"],
            cwd=RAIZ, env=entorno, capture_output=True, text=True, check=True,
        )  # fmt: skip
        tiempos.append(time.perf_counter() - inicio)
    return statistics.median(tiempos), resultado.stdout.strip().endswith("True")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salida", help="archivo JSON de resultados")
    args = parser.parse_args(argv)
    resultados = {}
    for clave, nombre, programa in (("web", "proceso web", WEB), ("worker", "worker", WORKER)):
        segundos, weasy = medir(programa)
        resultados[clave] = {"segundos": segundos, "weasyprint": weasy}
        carga = "con WeasyPrint" if weasy else "sin WeasyPrint"
        print(f"Arranque de un {nombre}: {segundos:.2f} s (mediana de 5; {carga})", flush=True)
    if args.salida:
        with open(args.salida, "w", encoding="utf-8") as archivo:
            json.dump(resultados, archivo)


if __name__ == "__main__":
    main()
