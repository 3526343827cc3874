"""The 16 regions' monthly reports at once, with 1 and with 2 Celery workers (issue 19, point 4).

`python -m bench.regiones` (run by `make bench` on its national database, and alone by
`make bench-regiones`):
1. Uses the national database at BENCH_REGIONES_URL (default
   postgres://postgres@127.0.0.1:5432/mesas_bench, the one `make bench` seeds); creates,
   migrates and seeds it with `seed_demo --national --years 5` when it does not exist.
2. For 1 and then 2 workers: deletes the reports of the period, starts N `celery worker
   --pool=solo` processes (one task at a time each, as the compose's workers with concurrency 1)
   on a Redis database of its own, runs what beat runs on the 1st
   (informes.services.informes_programados("mensual")), waits for every report to end, and reads
   each worker's peak RSS (VmHWM).
3. Prints wall time, the speed-up (target >= 1.7x with 2 workers on 2 cores) and each worker's
   peak RSS (target < 400 MB), and writes them to --salida (var/bench/regiones.json).

To tell a bad distribution from a lack of CPU it also keeps, per report, which worker built it
and its build time (Informe.iniciado_at/terminado_at), each worker's CPU seconds, the machine's
busy share during the run, and the ideal wall time of the same builds on N workers (longest
first); a wall time near that ideal means the queue shared the work well.
"""

from __future__ import annotations

import argparse
import contextlib
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
URL = os.environ.get("BENCH_REGIONES_URL", "postgres://postgres@127.0.0.1:5432/mesas_bench")
REDIS = os.environ.get("BENCH_REGIONES_REDIS", "redis://127.0.0.1:6379/10")


def decir(texto: str) -> None:
    print(texto, flush=True)


def entorno(**extra: str) -> dict:
    """bench.correr passes the production settings; alone, the local ones without DEBUG."""
    base = {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "false"}
    return {
        **base,
        **os.environ,
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
estados, detalle = {}, []
for i in Informe.objects.filter(pk__in=ids).order_by("iniciado_at"):
    estados[i.estado] = estados.get(i.estado, 0) + 1
    detalle.append({
        "region": i.region_id, "worker_pid": (i.reservado_por or "::").split(":")[1],
        "inicio": i.iniciado_at.timestamp() if i.iniciado_at else None,
        "fin": i.terminado_at.timestamp() if i.terminado_at else None,
        "tiempos": i.tiempos,
    })
print("RESULTADO " + json.dumps({"periodo": periodo, "informes": len(ids), "pared_s": pared,
                                 "estados": estados, "detalle": detalle}))
"""


def _cpu_s(pid: int) -> float:
    campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(campos[11]) + int(campos[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_postgres_s() -> float | None:
    """CPU seconds of the local PostgreSQL server so far: the postmaster with the children it
    has reaped (cutime/cstime) plus every live child. Every database on the server counts, so
    it means something on an otherwise idle machine. None if no local postmaster is visible."""

    def campos(pid: int) -> list[str]:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    reloj = os.sysconf("SC_CLK_TCK")
    for entrada in Path("/proc").iterdir():
        if not entrada.name.isdigit():
            continue
        try:
            if (entrada / "comm").read_text().strip() != "postgres":
                continue
            padre = campos(int(entrada.name))[1]
            if (Path("/proc") / padre / "comm").read_text().strip() == "postgres":
                continue  # a backend; the postmaster's parent is not postgres
            maestro = int(entrada.name)
            total = sum(int(x) for x in campos(maestro)[11:15])
            hijos = (entrada / "task" / entrada.name / "children").read_text().split()
            for hijo in hijos:
                # A child that ended meanwhile is in the postmaster's cutime on the next read.
                with contextlib.suppress(OSError):
                    total += sum(int(x) for x in campos(int(hijo))[11:15])
            return total / reloj
        except OSError:
            continue
    return None


def _cpu_maquina() -> tuple[int, int]:
    v = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return v[0] + v[1] + v[2] + v[5] + v[6], sum(v[:8])


def diagnostico(datos: dict) -> dict:
    """Per worker: reports and busy seconds; the ideal wall time with longest-first."""
    from bench.estadistica import reparto_lpt

    hechos = [d for d in datos["detalle"] if d["inicio"] and d["fin"]]
    duraciones = [d["fin"] - d["inicio"] for d in hechos]
    por_worker: dict[str, dict] = {}
    for d, segundos in zip(hechos, duraciones, strict=True):
        w = por_worker.setdefault(d["worker_pid"], {"informes": 0, "ocupado_s": 0.0})
        w["informes"] += 1
        w["ocupado_s"] += segundos
    return {
        "por_worker": por_worker,
        "suma_s": sum(duraciones),
        "mas_largo_s": max(duraciones, default=0.0),
        "ideal_s": reparto_lpt(duraciones, datos["trabajadores"]) if duraciones else None,
    }


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
        cpu_antes = [_cpu_s(p.pid) for p in procesos]
        ocupada_antes, total_antes = _cpu_maquina()
        postgres_antes = _cpu_postgres_s()
        salida = subprocess.run(
            [PY, "manage.py", "shell", "-c", PROGRAMA],
            cwd=RAIZ, env=entorno(), capture_output=True, text=True, check=True, timeout=2400,
        ).stdout  # fmt: skip
        ocupada, total = _cpu_maquina()
        postgres = _cpu_postgres_s()
        datos = json.loads(salida.split("RESULTADO ", 1)[1])
        datos["trabajadores"] = trabajadores
        datos["vmhwm_mib"] = [round(_vmhwm_mib(p.pid), 1) for p in procesos]
        datos["cpu_workers_s"] = [
            round(_cpu_s(p.pid) - a, 2) for p, a in zip(procesos, cpu_antes, strict=True)
        ]
        datos["maquina_ocupada"] = (ocupada - ocupada_antes) / max(total - total_antes, 1)
        datos["cpu_postgres_s"] = (
            None if postgres is None or postgres_antes is None else postgres - postgres_antes
        )
        datos["diagnostico"] = diagnostico(datos)
    finally:
        for proceso in procesos:
            _terminar(proceso)
    return datos


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salida", default=str(VAR / "regiones.json"))
    args = parser.parse_args(argv)
    preparar_base()
    resultados = []
    for trabajadores in (1, 2):
        decir(f"Informes mensuales de todas las regiones con {trabajadores} worker(s)…")
        datos = medir(trabajadores)
        resultados.append(datos)
        d = datos["diagnostico"]
        reparto = ", ".join(
            f"{w['informes']} informes {w['ocupado_s']:.1f} s" for w in d["por_worker"].values()
        )
        decir(
            f"  {datos['informes']} informes ({datos['estados']}) en {datos['pared_s']:.1f} s; "
            f"VmHWM por worker: {', '.join(f'{m:.0f} MiB' for m in datos['vmhwm_mib'])}; "
            f"por worker: {reparto}; ideal {d['ideal_s'] or 0:.1f} s; "
            f"CPU workers {sum(datos['cpu_workers_s']):.1f} s, PostgreSQL "
            f"{datos['cpu_postgres_s'] or 0:.1f} s; máquina ocupada "
            f"{datos['maquina_ocupada'] * 100:.0f} %"
        )
    aceleracion = resultados[0]["pared_s"] / resultados[1]["pared_s"]
    decir(f"Aceleración con 2 workers: {aceleracion:.2f}x (meta >= 1,7x); RSS máx. meta < 400 MB")
    Path(args.salida).write_text(
        json.dumps({"resultados": resultados, "aceleracion": aceleracion}, indent=2)
    )


if __name__ == "__main__":
    main()
