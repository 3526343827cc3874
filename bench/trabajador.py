"""Asks a running Celery worker for one report and waits for it (`python -m bench.trabajador`).

bench.correr starts `celery -A config worker --pool=solo` on a Redis database of its own, runs
this module (which requests the report through informes.services, as the "Generar informe" page
does, so the task is enqueued on commit), then reads the worker's peak RSS (VmHWM in
/proc/<pid>/status). With --pool=solo the task runs inside that very process, so VmHWM is the
memory a production worker needs for the report, Django and WeasyPrint included. Two reports in a
row: the first pays WeasyPrint's one-time start (fonts, stylesheets), the second is what a worker
that has been up for a while takes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from informes.models import Informe  # noqa: E402
from informes.services import informe_solicitar  # noqa: E402
from nucleo.models import Region, Usuario  # noqa: E402


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--salida", required=True)
    parser.add_argument("--tipo", default="semestral")
    parser.add_argument("--periodo", default="2026-S1")
    parser.add_argument("--region", default="05")
    parser.add_argument("--usuario", default="director")
    parser.add_argument("--limite", type=float, default=600, help="segundos de espera")
    parser.add_argument(
        "--veces", type=int, default=2, help="informes seguidos (el primero, en frío)"
    )
    args = parser.parse_args(argv)

    informes = []
    for _ in range(args.veces):
        informes.append(_uno(args))
        if informes[-1]["estado"] != Informe.Estado.LISTO:
            break
    with open(args.salida, "w", encoding="utf-8") as archivo:
        json.dump({"informes": informes}, archivo, ensure_ascii=False, default=str)
    if informes[-1]["estado"] != Informe.Estado.LISTO:
        sys.exit(f"El informe quedó {informes[-1]['estado']}: {informes[-1]['error']}")


def _uno(args) -> dict:
    """Requests one report (a new version each time) and waits until the worker is done."""
    inicio = time.perf_counter()
    informe, nuevo = informe_solicitar(
        tipo=args.tipo,
        region=Region.objects.get(codigo=args.region),
        periodo=args.periodo,
        por=Usuario.objects.get(username=args.usuario),
    )
    solicitado = time.perf_counter() - inicio
    while time.perf_counter() - inicio < args.limite:
        informe.refresh_from_db()
        if informe.estado in (Informe.Estado.LISTO, Informe.Estado.FALLIDO):
            break
        time.sleep(0.2)
    return {
        "informe": informe.pk,
        "nuevo": nuevo,
        "estado": informe.estado,
        "error": informe.error,
        "solicitud_s": solicitado,
        "espera_s": time.perf_counter() - inicio,
        "tiempos": informe.tiempos,
        "worker_s": (
            (informe.terminado_at - informe.iniciado_at).total_seconds()
            if informe.terminado_at and informe.iniciado_at
            else None
        ),
    }


if __name__ == "__main__":
    main()
