"""The 16 regions' monthly reports at once, with 1 and with 2 Celery workers (issue 19, point 4).

`python -m bench.regiones` (also run by `make bench-regiones`):
1. Uses the national database at BENCH_REGIONES_URL (default
   postgres://postgres@127.0.0.1:5432/mesas_bench_regiones); creates, migrates and seeds it with
   `seed_demo --national --years 5` when it does not exist.
2. For 1 and then 2 workers: deletes the reports of the period, starts N `celery worker
   --pool=solo` processes (one task at a time each, as the compose's workers with concurrency 1)
   on a Redis database of its own, runs what beat runs on the 1st
   (informes.services.informes_programados("mensual")), waits for every report to end, and reads
   each worker's peak RSS (VmHWM).
3. Prints wall time, the speed-up (target >= 1.7x with 2 workers on 2 cores) and each worker's
   peak RSS (target < 400 MB), and writes them to var/bench/regiones.json.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

RAIZ = Path(__file__).resolve().parent.parent
PY = sys.executable
VAR = RAIZ / "var" / "bench"
URL = os.environ.get(
    "BENCH_REGIONES_URL", "postgres://postgres@127.0.0.1:5432/mesas_bench_regiones"
)
REDIS = os.environ.get("BENCH_REGIONES_REDIS", "redis://127.0.0.1:6379/12")


def decir(texto: str) -> None:
    print(texto, flush=True)


def entorno(**extra: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": URL,
        "CELERY_BROKER_URL": REDIS,
        "DB_STATEMENT_TIMEOUT": "0",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def preparar_base() -> None:
    import psycopg

    partes = urlsplit(URL)
    nombre = partes.path.lstrip("/")
    admin = partes._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as pg:
        existe = pg.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nombre]).fetchone()
        if existe:
            return
        pg.execute(f'CREATE DATABASE "{nombre}"')
    decir(f"Base {nombre}: migrate y seed_demo --national --years 5 (unos minutos)…")
    for orden in (["migrate", "--noinput", "-v0"],
                  ["seed_demo", "--national", "--years", "5", "--force"]):  # fmt: skip
        subprocess.run([PY, "manage.py", *orden], cwd=RAIZ, env=entorno(), check=True)


def _vmhwm_mib(pid: int) -> float:
    texto = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", texto).group(1)) / 1024


def _terminar(proceso: subprocess.Popen) -> None:
    if proceso.poll() is None:
        proceso.send_signal(signal.SIGTERM)
        try:
            proceso.wait(30)
        except subprocess.TimeoutExpired:
            proceso.kill()
            proceso.wait()


# Run inside a Django process (manage.py shell -c): what beat does on the 1st, then waits.
PROGRAMA = """
import json, time
from django.utils import timezone
from informes.models import Informe
from informes.periodos import MENSUAL, Periodo
from informes.services import informes_programados
periodo = Periodo.ultimo_cerrado(MENSUAL, timezone.localdate()).codigo
Informe.objects.filter(tipo="mensual", periodo=periodo).delete()
inicio = time.perf_counter()
informes = informes_programados(tipo="mensual")
ids = [i.pk for i in informes]
while Informe.objects.filter(pk__in=ids, estado__in=["pendiente", "generando"]).exists():
    if time.perf_counter() - inicio > 1800:
        break
    time.sleep(0.2)
pared = time.perf_counter() - inicio
estados = {}
for estado in Informe.objects.filter(pk__in=ids).values_list("estado", flat=True):
    estados[estado] = estados.get(estado, 0) + 1
print("RESULTADO " + json.dumps({"periodo": periodo, "informes": len(ids), "pared_s": pared,
                                 "estados": estados}))
"""


def medir(trabajadores: int) -> dict:
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    VAR.mkdir(parents=True, exist_ok=True)
    procesos, registros = [], []
    for n in range(trabajadores):
        registro = VAR / f"regiones-worker-{trabajadores}-{n}.log"
        registros.append(registro)
        with open(registro, "w") as log:
            procesos.append(
                subprocess.Popen(
                    [PY, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-l", "info",
                     "-n", f"regiones{n}-{os.getpid()}@%h", "--without-gossip",
                     "--without-mingle", "--without-heartbeat"],
                    cwd=RAIZ, env=entorno(LOG_LEVEL="INFO"), stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
    try:
        for proceso, registro in zip(procesos, registros, strict=True):
            limite = time.monotonic() + 180
            while "ready." not in registro.read_text(errors="replace"):
                if proceso.poll() is not None or time.monotonic() > limite:
                    raise RuntimeError("el worker no arrancó:\n" + registro.read_text()[-2000:])
                time.sleep(0.3)
        salida = subprocess.run(
            [PY, "manage.py", "shell", "-c", PROGRAMA],
            cwd=RAIZ, env=entorno(), capture_output=True, text=True, check=True, timeout=2400,
        ).stdout  # fmt: skip
        datos = json.loads(salida.split("RESULTADO ", 1)[1])
        datos["trabajadores"] = trabajadores
        datos["vmhwm_mib"] = [round(_vmhwm_mib(p.pid), 1) for p in procesos]
    finally:
        for proceso in procesos:
            _terminar(proceso)
    return datos


def main() -> None:
    preparar_base()
    resultados = []
    for trabajadores in (1, 2):
        decir(f"Informes mensuales de todas las regiones con {trabajadores} worker(s)…")
        datos = medir(trabajadores)
        resultados.append(datos)
        decir(
            f"  {datos['informes']} informes ({datos['estados']}) en {datos['pared_s']:.1f} s; "
            f"VmHWM por worker: {', '.join(f'{m:.0f} MiB' for m in datos['vmhwm_mib'])}"
        )
    aceleracion = resultados[0]["pared_s"] / resultados[1]["pared_s"]
    decir(f"Aceleración con 2 workers: {aceleracion:.2f}x (meta >= 1,7x); RSS máx. meta < 400 MB")
    (VAR / "regiones.json").write_text(
        json.dumps({"resultados": resultados, "aceleracion": aceleracion}, indent=2)
    )


if __name__ == "__main__":
    main()
