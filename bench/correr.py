"""`make bench` (`python -m bench.correr`): every phase of issues 7 and 19, then the report.

1. Fresh PostgreSQL databases on DATABASE_URL's server (default 127.0.0.1:5432): `mesas_bench`
   (`seed_demo --national --years 5`), `mesas_bench_10` (`--years 10`, growth) and
   `mesas_bench_demo` (plain `seed_demo`, the Valparaíso demo); migrate and seed are timed, with
   no statement timeout (DB_STATEMENT_TIMEOUT=0).
2. The pages of each natural user (lists, details, edit forms) at the three scales,
   in-process (bench.paginas), beside the Django admin's page of the same objects.
3. `build_report` semestral 2026-S1 and mensual 2026-10 of Valparaíso at two scales; one
   semester report built by a real Celery worker (--pool=solo) whose VmHWM is read.
4. The capacity knee: locust steps up its users against gunicorn on 127.0.0.1 (national
   database, 5 years) until a step misses p95 < 250 ms with 0 errors.
5. Start-up time of a web process and of a worker (bench.arranque).
6. The 16 regions' monthly reports with 1 and 2 workers (bench.regiones) on the national
   database of step 1.
7. docs/benchmarks.md and a summary on the terminal.

Environment (all optional):
  BENCH_QUICK=1          smoke run: demo scale only, 3 rounds, knee steps 5,10 of 10 s; writes
                         var/bench/benchmarks.md instead of docs/benchmarks.md
  BENCH_DB               base name of the databases (mesas_bench)
  BENCH_REPETICIONES     measured rounds per page (30)
  BENCH_ESCALONES        users of each knee step (50,100,150,200,250,300,350,400,500)
  BENCH_TASA             users started per second in a step's ramp (5)
  BENCH_VENTANA          seconds of each step's steady window (45)
  BENCH_ASENTAR          seconds between a step's last login and its window (10)
  BENCH_WORKERS / BENCH_HILOS   gunicorn gthread workers and threads (3 / 4)
  BENCH_PUERTO           gunicorn's port (8104)
  BENCH_REDIS            broker of the worker phases (redis://127.0.0.1:6379/11; its queue
                         keys are emptied); the regions phase uses database 10
  BENCH_FASES            only these phases, e.g. "paginas,carga" (datos, paginas, informes,
                         worker, carga, arranque, regiones); without "datos" the databases of a
                         previous run are reused. A partial run writes var/bench/benchmarks.md
  BENCH_SALIDA           where to write the Markdown
Nothing here is part of `make test` or CI.
"""

from __future__ import annotations

import json
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.estadistica import leer_build_report, resumir_escalones, resumir_locust, rodilla
from bench.reporte import conservar_analisis, conservar_lighthouse, markdown, resumen_texto

RAIZ = Path(__file__).resolve().parent.parent
VAR = RAIZ / "var" / "bench"
PY = str(RAIZ / ".venv" / "bin" / "python") if (RAIZ / ".venv").exists() else sys.executable


def _entero(entorno, nombre: str, defecto: int) -> int:
    return int(entorno.get(nombre) or defecto)


class Config:
    def __init__(self, entorno=os.environ):
        self.rapido = entorno.get("BENCH_QUICK", "") not in ("", "0")
        url = entorno.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            url = "postgres://postgres@127.0.0.1:5432/postgres"
        self.servidor = urlsplit(url)
        self.base = entorno.get("BENCH_DB") or "mesas_bench"
        rapido = self.rapido
        self.repeticiones = _entero(entorno, "BENCH_REPETICIONES", 3 if rapido else 30)
        self.calentamiento = 1 if rapido else 3
        pasos = entorno.get("BENCH_ESCALONES") or (
            "5,10" if rapido else "50,100,150,200,250,300,350,400,500"
        )
        self.escalones = [int(x) for x in pasos.split(",") if x.strip()]
        self.usuarios = max(self.escalones)
        self.tasa = float(entorno.get("BENCH_TASA") or 5)
        self.duracion = _entero(entorno, "BENCH_VENTANA", 10 if rapido else 45)
        self.asentar = _entero(entorno, "BENCH_ASENTAR", 2 if rapido else 10)
        self.espera_min, self.espera_max = 1.0, 5.0
        # gthread: one process more than the 2 cores (a process waiting on PostgreSQL does not
        # leave a core idle), and threads that overlap database waits and keep the clients'
        # connections alive instead of a new TCP connection per request as sync workers do.
        self.workers = _entero(entorno, "BENCH_WORKERS", 3)
        self.hilos = _entero(entorno, "BENCH_HILOS", 4)
        self.puerto = _entero(entorno, "BENCH_PUERTO", 8104)
        self.redis = entorno.get("BENCH_REDIS") or "redis://127.0.0.1:6379/11"
        self.redis_regiones = "redis://127.0.0.1:6379/10"
        # The web cache (CACHE_URL), one Redis database per scale so that the databases'
        # summaries never mix; emptied before the pages are measured.
        self.caches = {
            "nacional": "redis://127.0.0.1:6379/12",
            "nacional10": "redis://127.0.0.1:6379/9",
            "demo": "redis://127.0.0.1:6379/15",
        }
        todas = ["datos", "paginas", "informes", "worker", "carga", "arranque", "regiones"]
        elegidas = [f.strip() for f in (entorno.get("BENCH_FASES") or "").split(",") if f.strip()]
        self.fases = [f for f in todas if f in elegidas] if elegidas else todas
        # Only a complete, full-size run may replace the committed figures.
        completa = not rapido and self.fases == todas
        salida = RAIZ / ("docs/benchmarks.md" if completa else "var/bench/benchmarks.md")
        self.salida = Path(entorno.get("BENCH_SALIDA") or salida)
        self.secreto = secrets.token_urlsafe(50)
        self.escalas = ["demo"] if rapido else ["demo", "nacional", "nacional10"]

    def nombre_base(self, escala: str) -> str:
        return {"nacional": self.base, "nacional10": f"{self.base}_10"}.get(
            escala, f"{self.base}_demo"
        )

    def url_base(self, escala: str) -> str:
        return urlunsplit(self.servidor._replace(path=f"/{self.nombre_base(escala)}"))

    def escala_de_carga(self) -> str:
        """The national 5-year database (the demo in a quick run): knee, worker, regions."""
        return "nacional" if "nacional" in self.escalas else self.escalas[0]

    def entorno(self, escala: str | None, **extra) -> dict:
        """Production settings for every Django process the bench starts."""
        entorno = dict(os.environ)
        entorno.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=self.secreto,
            ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
            SECURE_SSL_REDIRECT="false",
            # Demo users have no TOTP device; production requires one for some roles.
            OTP_OBLIGATORIO="false",
            PRIVATE_ROOT=str(VAR / "privado"),
            CELERY_BROKER_URL="",
            # As in production (docker-compose.yml): one cache shared by the web processes.
            CACHE_URL=self.caches.get(escala or "", "locmemcache://"),
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(RAIZ),
            # Like a deployed image, which ships compiled bytecode: without it every process the
            # bench starts (build_report, the worker, gunicorn) spends seconds compiling imports.
            PYTHONPYCACHEPREFIX=str(VAR / "pycache"),
        )
        entorno.pop("PYTHONDONTWRITEBYTECODE", None)
        if escala:
            entorno["DATABASE_URL"] = self.url_base(escala)
        entorno.update(extra)
        return entorno

    def resumen(self) -> dict:
        return {
            k: getattr(self, k)
            for k in (
                "repeticiones",
                "calentamiento",
                "escalones",
                "tasa",
                "duracion",
                "asentar",
                "espera_min",
                "espera_max",
                "workers",
                "hilos",
                "puerto",
            )
        }


def decir(texto: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {texto}", flush=True)


def correr(args: list[str], entorno: dict, *, timeout: float = 1800) -> tuple[str, float]:
    """Runs a command, returns (stdout+stderr, wall seconds); raises with its output if it fails."""
    inicio = time.perf_counter()
    proceso = subprocess.run(
        args, cwd=RAIZ, env=entorno, capture_output=True, text=True, timeout=timeout
    )
    segundos = time.perf_counter() - inicio
    salida = proceso.stdout + proceso.stderr
    if proceso.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args[1:4])}… terminó con {proceso.returncode}:\n{salida[-3000:]}"
        )
    return salida, segundos


# --- Machine ------------------------------------------------------------------------------------
def _postgres(cfg: Config, sql: str, *, base: str = "postgres"):
    import psycopg

    s = cfg.servidor
    with psycopg.connect(
        host=s.hostname or "127.0.0.1",
        port=s.port or 5432,
        user=s.username or "postgres",
        password=s.password or None,
        dbname=base,
        autocommit=True,
        connect_timeout=5,
    ) as conexion:
        cursor = conexion.execute(sql)
        return cursor.fetchall() if cursor.description else None


def maquina(cfg: Config) -> dict:
    cpu = "desconocida"
    ram = 0.0
    try:
        texto = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.+)", texto).group(1).strip()
        kb = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text()).group(1)
        ram = int(kb) / 1024 / 1024
    except (OSError, AttributeError):
        pass
    import django

    return {
        "cpu": cpu,
        "nucleos": os.cpu_count(),
        "ram_gib": ram,
        "postgresql": _postgres(cfg, "SHOW server_version")[0][0].split()[0],
        "python": platform.python_version(),
        "django": django.get_version(),
        "sistema": f"{platform.system()} {platform.release()}",
        "carga_inicio": os.getloadavg()[0],
    }


def _cpu_maquina() -> dict:
    """Cumulative jiffies of the whole machine: busy, stolen by the hypervisor, total."""
    v = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return {"ocupada": v[0] + v[1] + v[2] + v[5] + v[6], "robada": v[7], "total": sum(v[:8])}


def _cpu_proceso(pid: int) -> float:
    """CPU seconds (user + system) a process has used; 0 if it is gone."""
    try:
        campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(campos[11]) + int(campos[12])) / os.sysconf("SC_CLK_TCK")


def _hijos(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Contabilidad:
    """CPU used by the gunicorn workers, the PostgreSQL backends of the bench database and the
    whole machine between two moments (pids read from /proc and pg_stat_activity)."""

    def __init__(self, cfg: Config, base: str, maestro: int):
        self.cfg, self.base, self.maestro = cfg, base, maestro

    def foto(self) -> dict:
        backends = _postgres(
            self.cfg, f"SELECT pid FROM pg_stat_activity WHERE datname = '{self.base}'"
        )
        return {
            "reloj": time.monotonic(),
            "maquina": _cpu_maquina(),
            "gunicorn": {pid: _cpu_proceso(pid) for pid in _hijos(self.maestro)},
            "postgres": {pid: _cpu_proceso(pid) for (pid,) in backends or []},
        }

    @staticmethod
    def diferencia(antes: dict, despues: dict) -> dict:
        def suma(clave):
            return sum(cpu - antes[clave].get(pid, 0.0) for pid, cpu in despues[clave].items())

        m0, m1 = antes["maquina"], despues["maquina"]
        total = max(m1["total"] - m0["total"], 1)
        segundos = max(despues["reloj"] - antes["reloj"], 1e-9)
        return {
            "segundos": segundos,
            "gunicorn_s": suma("gunicorn"),
            "postgres_s": suma("postgres"),
            # Cores the server side of the test kept busy; the rest of "uso" is other processes.
            "nucleos_prueba": (suma("gunicorn") + suma("postgres")) / segundos,
            "nucleos": os.cpu_count(),
            "uso": (m1["ocupada"] - m0["ocupada"]) / total,
            "robo": (m1["robada"] - m0["robada"]) / total,
        }


# --- Phases -------------------------------------------------------------------------------------
ANIOS = {"nacional": 5, "nacional10": 10}  # years of national data of each national scale


def preparar_base(cfg: Config, escala: str) -> dict:
    nombre = cfg.nombre_base(escala)
    decir(f"Base {nombre}: se crea de nuevo")
    _postgres(cfg, f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
    _postgres(cfg, f'CREATE DATABASE "{nombre}"')
    # Bulk loads outlast the 15 s statement timeout that protects the web processes.
    entorno = cfg.entorno(escala, DB_STATEMENT_TIMEOUT="0")
    _, migrar = correr([PY, "manage.py", "migrate", "--noinput", "-v0"], entorno)
    comando = ["seed_demo", "--force"]
    if escala in ANIOS:
        comando[1:1] = ["--national", "--years", str(ANIOS[escala])]
    decir(f"  migrate {migrar:.1f} s; manage.py {' '.join(comando)}…")
    salida, sembrar = correr([PY, "manage.py", *comando], entorno)
    interno = re.search(r"cargados en ([\d.]+) s", salida)
    lineas = [
        re.sub(r"^\s*\w+:\s*", "", linea).strip()
        for linea in salida.splitlines()
        if re.match(r"^\s+\w+: \d", linea)
    ]
    # Fresh bulk inserts have no planner statistics yet; autovacuum would gather them within a
    # minute or so in production. Without them the planner guesses one row per table.
    inicio = time.perf_counter()
    _postgres(cfg, "VACUUM ANALYZE", base=nombre)
    analizar = time.perf_counter() - inicio
    decir(f"  seed_demo {sembrar:.1f} s; VACUUM ANALYZE {analizar:.1f} s")
    return {
        "base": nombre,
        "comando": " ".join(comando),
        "migrar_s": migrar,
        "sembrar_s": sembrar,
        "sembrar_interno_s": float(interno.group(1)) if interno else None,
        "analizar_s": analizar,
        "lineas": lineas,
    }


def medir_paginas(cfg: Config, escala: str) -> dict:
    archivo = VAR / f"paginas-{escala}.json"
    decir(f"Páginas, escala {escala}: {cfg.calentamiento}+{cfg.repeticiones} rondas…")
    _, segundos = correr(
        [
            PY,
            "-m",
            "bench.paginas",
            "--salida",
            str(archivo),
            "--repeticiones",
            str(cfg.repeticiones),
            "--calentamiento",
            str(cfg.calentamiento),
        ],
        cfg.entorno(escala),
    )
    decir(f"  {segundos:.0f} s")
    return json.loads(archivo.read_text(encoding="utf-8"))


INFORMES = [
    ("semestral", "2026-S1", "semestral 2026-S1"),
    ("mensual", "2026-10", "mensual 2026-10"),
]


def construir_informes(cfg: Config, escala: str) -> list[dict]:
    filas = []
    for tipo, periodo, nombre in INFORMES:
        pdf = VAR / f"informe-{escala}-{tipo}.pdf"
        decir(f"build_report {tipo} --region 05 --period {periodo} ({escala})…")
        try:
            salida, pared = correr(
                [
                    PY,
                    "manage.py",
                    "build_report",
                    tipo,
                    "--region",
                    "05",
                    "--period",
                    periodo,
                    "-o",
                    str(pdf),
                ],
                cfg.entorno(escala),
            )
        except RuntimeError as error:
            filas.append({"escala": escala, "tipo": tipo, "nombre": nombre, "error": str(error)})
            continue
        datos = leer_build_report(salida)
        decir(f"  total {datos['total_s']} s, {datos['consultas']} consultas")
        filas.append({"escala": escala, "tipo": tipo, "nombre": nombre, "pared_s": pared, **datos})
    return filas


def _vmhwm_mib(pid: int) -> float:
    texto = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", texto).group(1)) / 1024


def _terminar(proceso: subprocess.Popen, segundos: float = 20) -> None:
    if proceso.poll() is not None:
        return
    proceso.send_signal(signal.SIGTERM)
    try:
        proceso.wait(segundos)
    except subprocess.TimeoutExpired:
        proceso.kill()
        proceso.wait()


def medir_trabajador(cfg: Config, escala: str) -> dict:
    import redis

    decir(f"Worker Celery (--pool=solo, {cfg.redis}): informe semestral…")
    cola = redis.Redis.from_url(cfg.redis)
    cola.delete("celery", "unacked", "unacked_index", "unacked_mutex")
    entorno = cfg.entorno(escala, CELERY_BROKER_URL=cfg.redis)
    registro = VAR / "worker.log"
    with open(registro, "w") as log:
        worker = subprocess.Popen(
            [
                PY,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-l",
                "info",
                "-n",
                f"bench-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=RAIZ,
            env=entorno,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        limite = time.monotonic() + 120
        while "ready." not in registro.read_text(errors="replace"):
            if worker.poll() is not None or time.monotonic() > limite:
                raise RuntimeError("el worker no arrancó:\n" + registro.read_text()[-2000:])
            time.sleep(0.3)
        inicio_mib = _vmhwm_mib(worker.pid)
        archivo = VAR / "trabajador.json"
        correr([PY, "-m", "bench.trabajador", "--salida", str(archivo)], entorno, timeout=900)
        datos = json.loads(archivo.read_text())
        datos.update(escala=escala, vmhwm_inicio_mib=inicio_mib, vmhwm_mib=_vmhwm_mib(worker.pid))
    finally:
        _terminar(worker)
    tiempos = ", ".join(f"{i['worker_s'] or 0:.2f} s" for i in datos["informes"])
    decir(f"  en el worker: {tiempos}; VmHWM {datos['vmhwm_mib']:.0f} MiB")
    return datos


def _puerto_libre(puerto: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", puerto)) != 0


def _esperar_http(url: str, segundos: float, proceso: subprocess.Popen, registro: Path) -> None:
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        if proceso.poll() is not None:
            raise RuntimeError("gunicorn terminó:\n" + registro.read_text()[-2000:])
        try:
            with urllib.request.urlopen(url, timeout=2) as respuesta:
                if respuesta.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} no respondió en {segundos:.0f} s")


class Muestreo(threading.Thread):
    """CPU snapshots every 2 s while locust runs, to account each knee step's window."""

    def __init__(self, contabilidad: Contabilidad, locust_pid: int):
        super().__init__(daemon=True)
        self.contabilidad, self.locust_pid = contabilidad, locust_pid
        self.fotos: list[dict] = []
        self.parar = threading.Event()

    def run(self) -> None:
        while not self.parar.is_set():
            try:
                foto = self.contabilidad.foto()
                foto["t"] = time.time()
                foto["locust"] = _cpu_proceso(self.locust_pid)
                self.fotos.append(foto)
            except Exception:  # a missed snapshot only widens a window
                pass
            self.parar.wait(2)

    def entre(self, inicio: float, fin: float) -> dict | None:
        """CPU between the first snapshot at or after `inicio` and the last one before `fin`."""
        dentro = [f for f in self.fotos if inicio <= f["t"] <= fin]
        if len(dentro) < 2:
            return None
        antes, despues = dentro[0], dentro[-1]
        cpu = Contabilidad.diferencia(antes, despues)
        cpu["locust_nucleos"] = (despues["locust"] - antes["locust"]) / cpu["segundos"]
        return cpu


def _gunicorn(cfg: Config, escala: str, registro: Path) -> subprocess.Popen:
    with open(registro, "w") as log:
        return subprocess.Popen(
            [
                str(RAIZ / ".venv" / "bin" / "gunicorn"),
                "config.wsgi",
                "-b",
                f"127.0.0.1:{cfg.puerto}",
                "--worker-class",
                "gthread",
                "-w",
                str(cfg.workers),
                "--threads",
                str(cfg.hilos),
                # Above the 800 users of the last step: a full backlog would refuse connections.
                "--backlog",
                "2048",
                "--timeout",
                "60",
                # Longer than a user's think time (1-5 s): with gthread's default of 2 s, gunicorn
                # closed idle connections as locust reused them, and those races counted as
                # errors (status 0) that no user behind nginx (deploy/nginx.conf) would see.
                "--keep-alive",
                "10",
                "--error-logfile",
                "-",
            ],
            cwd=RAIZ,
            env=cfg.entorno(escala),
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def carga(cfg: Config, escala: str, rutas: Path) -> dict:
    """The capacity knee: one locust run whose load shape steps the users up (locustfile's
    Escalones), one locust process on the same 2 cores as the server."""
    if not _puerto_libre(cfg.puerto):
        raise RuntimeError(f"El puerto {cfg.puerto} está ocupado (BENCH_PUERTO).")
    host = f"http://127.0.0.1:{cfg.puerto}"
    registro = VAR / "gunicorn.log"
    decir(
        f"gunicorn (gthread, {cfg.workers} workers × {cfg.hilos} hilos) en {host}, "
        f"base {cfg.nombre_base(escala)}"
    )
    servidor = _gunicorn(cfg, escala, registro)
    try:
        _esperar_http(f"{host}/cuenta/login/", 60, servidor, registro)
        muestras = VAR / "locust.json"
        muestras.unlink(missing_ok=True)
        pasos = ",".join(str(u) for u in cfg.escalones)
        rampas = sum(3 * u / cfg.tasa + 120 for u in cfg.escalones)
        limite = rampas + len(cfg.escalones) * (cfg.asentar + cfg.duracion + 30)
        decir(
            f"locust por escalones de usuarios ({pasos}; {cfg.tasa:g}/s, "
            f"{cfg.asentar} s de asentamiento y {cfg.duracion} s estables por escalón)…"
        )
        contabilidad = Contabilidad(cfg, cfg.nombre_base(escala), servidor.pid)
        locust = subprocess.Popen(
            [
                PY,
                "-m",
                "locust",
                "-f",
                str(RAIZ / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                host,
                "--only-summary",
                "--stop-timeout",
                "10",
                "--csv",
                str(VAR / "locust"),
                "--loglevel",
                "WARNING",
            ],
            cwd=RAIZ,
            env={
                **os.environ,
                "PYTHONPATH": str(RAIZ),
                "BENCH_RUTAS": str(rutas),
                "BENCH_LOCUST_SALIDA": str(muestras),
                "BENCH_ESCALONES": pasos,
                "BENCH_TASA": f"{cfg.tasa:g}",
                "BENCH_VENTANA": str(cfg.duracion),
                "BENCH_ASENTAR": str(cfg.asentar),
                "BENCH_ESPERA_MIN": f"{cfg.espera_min:g}",
                "BENCH_ESPERA_MAX": f"{cfg.espera_max:g}",
            },
            stdout=subprocess.DEVNULL,
            stderr=open(VAR / "locust.log", "w"),  # noqa: SIM115 (closed with the process)
        )
        muestreo = Muestreo(contabilidad, locust.pid)
        muestreo.start()
        try:
            locust.wait(timeout=limite)
        except subprocess.TimeoutExpired:
            locust.kill()
            locust.wait()
            raise
        finally:
            muestreo.parar.set()
            muestreo.join(10)
        if not muestras.exists():
            raise RuntimeError("locust no dejó sus muestras (ver var/bench/locust.log)")
        crudo = json.loads(muestras.read_text())
    finally:
        _terminar(servidor)
    escalones = resumir_escalones(crudo)
    ventanas = {e["usuarios"]: e for e in crudo.get("escalones", [])}
    for e in escalones:
        v = ventanas[e["usuarios"]]
        e["cpu"] = muestreo.entre(v["estable"], v["fin"])
        cpu = e["cpu"]
        decir(
            f"  {e['usuarios']} usuarios: {e['rps']:.1f} páginas/s, p50 {e['p50_ms'] or 0:.0f} "
            f"ms, p95 {e['p95_ms'] or 0:.0f} ms, {e['errores']} errores"
            + (f", CPU {cpu['uso'] * 100:.0f} %" if cpu else "")
        )
    datos = {
        "escalones": escalones,
        "rodilla": rodilla(escalones),
        "tasa": cfg.tasa,
        "workers": cfg.workers,
        "hilos": cfg.hilos,
        "escala": escala,
        "escala_nombre": f"base {cfg.nombre_base(escala)}",
        "errores_totales": sum(1 for m in crudo["muestras"] if not m[2]),
        "peticiones": len(crudo["muestras"]),
    }
    # Per page, the last step that met the target (or the first one if none did).
    buenos = [e for e in crudo.get("escalones", []) if e["usuarios"] == datos["rodilla"]]
    elegido = buenos[0] if buenos else (crudo.get("escalones") or [None])[0]
    if elegido:
        ventana = {
            "inicio": elegido["inicio"],
            "estable": elegido["estable"],
            "fin": elegido["fin"],
        }
        dentro = [m for m in crudo["muestras"] if ventana["inicio"] <= m[3] <= ventana["fin"]]
        datos["por_pagina_usuarios"] = elegido["usuarios"]
        datos["detalle"] = resumir_locust({"ventana": ventana, "muestras": dentro})
    rodilla_ = datos["rodilla"]
    decir(f"  rodilla: {f'{rodilla_} usuarios' if rodilla_ else 'ningún escalón cumplió'}")
    return datos


def arranque(cfg: Config) -> dict:
    archivo = VAR / "arranque.json"
    decir("Arranque de un proceso web y de un worker (mediana de 5 intérpretes nuevos)…")
    salida, _ = correr(
        [PY, "-m", "bench.arranque", "--salida", str(archivo)], cfg.entorno(None), timeout=600
    )
    print(salida.strip(), flush=True)
    return json.loads(archivo.read_text())


def regiones(cfg: Config, escala: str) -> dict:
    archivo = VAR / "regiones.json"
    decir(
        "Informes mensuales de todas las regiones con 1 y 2 workers "
        f"(base {cfg.nombre_base(escala)})…"
    )
    entorno = cfg.entorno(
        escala,
        DB_STATEMENT_TIMEOUT="0",
        BENCH_REGIONES_URL=cfg.url_base(escala),
        BENCH_REGIONES_REDIS=cfg.redis_regiones,
    )
    salida, _ = correr(
        [PY, "-m", "bench.regiones", "--salida", str(archivo)], entorno, timeout=3600
    )
    print(salida.strip(), flush=True)
    datos = json.loads(archivo.read_text())
    datos["escala"] = escala
    return datos


# --- Main ---------------------------------------------------------------------------------------
def main() -> int:
    cfg = Config()
    VAR.mkdir(parents=True, exist_ok=True)
    inicio = time.perf_counter()
    decir(
        "make bench"
        + (" (rápido: BENCH_QUICK=1)" if cfg.rapido else "")
        + f" — PostgreSQL en {cfg.servidor.hostname}:{cfg.servidor.port or 5432}"
    )
    resultados: dict = {
        "rapido": cfg.rapido,
        "fecha": datetime.now().astimezone().strftime("%d-%m-%Y %H:%M %Z"),
        "maquina": maquina(cfg),
        "config": cfg.resumen(),
        "escalas": {},
        "paginas": {},
        "informes": [],
        "errores": {},
    }

    def fase(nombre: str, funcion, *args):
        try:
            return funcion(*args)
        except Exception as error:  # one phase failing must not hide the others' figures
            traceback.print_exc()
            resultados["errores"][nombre] = str(error).splitlines()[0]
            return None

    for escala in cfg.escalas:
        if "datos" in cfg.fases:
            datos = fase(f"datos {escala}", preparar_base, cfg, escala)
        else:  # reuse the database of an earlier run, brought up to the code's migrations
            datos = {"base": cfg.nombre_base(escala), "comando": "(base de una corrida anterior)"}
            if not fase(
                f"migrate {escala}",
                correr,
                [PY, "manage.py", "migrate", "--noinput", "-v0"],
                cfg.entorno(escala, DB_STATEMENT_TIMEOUT="0"),
            ):
                datos = None
        if datos:
            resultados["escalas"][escala] = datos
    escalas = [e for e in cfg.escalas if e in resultados["escalas"]]
    if "paginas" in cfg.fases or "carga" in cfg.fases:
        decir("collectstatic (almacenamiento con manifiesto de producción)…")
        fase(
            "collectstatic",
            correr,
            [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
            cfg.entorno(None),
        )
    if "paginas" in cfg.fases or "carga" in cfg.fases:
        import redis

        for url in cfg.caches.values():  # the seed wrote without signals: start empty
            redis.Redis.from_url(url).flushdb()
    for escala in escalas if "paginas" in cfg.fases else []:
        datos = fase(f"páginas {escala}", medir_paginas, cfg, escala)
        if datos:
            resultados["paginas"][escala] = datos
    for escala in escalas if "informes" in cfg.fases else []:
        resultados["informes"] += fase(f"informes {escala}", construir_informes, cfg, escala) or []
    escala = cfg.escala_de_carga()
    if escala in escalas and "worker" in cfg.fases:
        t = fase("worker Celery", medir_trabajador, cfg, escala)
        resultados["trabajador"] = t or {"error": resultados["errores"].get("worker Celery")}
    rutas = VAR / f"paginas-{escala}.json"
    if escala in escalas and "carga" in cfg.fases:
        if rutas.exists():
            c = fase("locust", carga, cfg, escala, rutas)
        else:
            resultados["errores"]["locust"] = "faltan las URL de la fase de páginas"
            c = None
        resultados["carga"] = c or {"error": resultados["errores"].get("locust")}
    if "arranque" in cfg.fases:
        a = fase("arranque", arranque, cfg)
        resultados["arranque"] = a or {"error": resultados["errores"].get("arranque")}
    if escala in escalas and "regiones" in cfg.fases:
        r = fase("regiones", regiones, cfg, escala)
        resultados["regiones"] = r or {"error": resultados["errores"].get("regiones")}

    resultados["maquina"]["carga_fin"] = os.getloadavg()[0]
    resultados["duracion_s"] = time.perf_counter() - inicio
    (VAR / "resultados.json").write_text(
        json.dumps(resultados, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    anterior = cfg.salida.read_text(encoding="utf-8") if cfg.salida.exists() else None
    cfg.salida.parent.mkdir(parents=True, exist_ok=True)
    documento = markdown(resultados, conservar_analisis(anterior), conservar_lighthouse(anterior))
    cfg.salida.write_text(documento, encoding="utf-8")
    print(resumen_texto(resultados))
    decir(f"Escrito {cfg.salida} (datos en {VAR / 'resultados.json'})")
    return 1 if resultados["errores"] else 0


if __name__ == "__main__":
    sys.exit(main())
