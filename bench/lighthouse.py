"""What a phone feels (issues 18 and 19): `python -m bench.lighthouse`, part of `make bench`.

npm `lighthouse@12.2.3` (installed under var/lighthouse on first use) on Node 20, with Debian's
chromium and its mobile emulation, against the app AS DEPLOYED: nginx running a copy of the shipped
deploy/nginx.conf (only its ports, paths and upstream changed for loopback, var/bench/nginx/) in
front of gunicorn with the production settings, /static/ served by nginx from collectstatic's
output (whitenoise's .gz next to every file, for gzip_static), on the Valparaíso demo.

Pages: the six public ones, the login page and, signed in as their natural user (the session
cookie sent by Lighthouse's --extra-headers), the home, a communal mesa, a plan, the agreements
and a session. Each under two throttling profiles: Lighthouse's default (slow 4G) and "regular
3G" (its mobileRegular3G constants, given explicitly). Per page and profile: performance and
accessibility scores, LCP and the bytes transferred on a first visit. Targets: performance ≥ 95
on both profiles, accessibility 100, ≤ 100 KB. Writes var/bench/lighthouse.json and the
Lighthouse section of docs/benchmarks.md (between its markers).

Environment: LH_DB (database, default mesas_bench_lighthouse; seeded when empty), LH_PUERTO
(nginx, 8106), LH_PUERTO_WEB (gunicorn, 8107), LH_RONDAS (runs per page and profile, median kept;
3), LH_PAGINAS (only the pages whose path contains one of these comma-separated texts),
LH_PERFILES (only these profiles, e.g. "3G regular"), CHROME_PATH (/usr/bin/chromium). A partial
run (LH_PAGINAS or LH_PERFILES) leaves docs/benchmarks.md alone.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.correr import PY, RAIZ, VAR, Config, _esperar_http, _postgres, _terminar, decir

VERSION = "12.2.3"
NODO = RAIZ / "var" / "lighthouse"
BINARIO = NODO / "node_modules" / ".bin" / "lighthouse"
DOC = RAIZ / "docs" / "benchmarks.md"
INICIO, FIN = "<!-- lighthouse: inicio -->", "<!-- lighthouse: fin -->"
METAS = {"rendimiento": 95, "accesibilidad": 100, "kb": 100}
ESTATICOS = RAIZ / "var" / "staticfiles"  # STATIC_ROOT, where collectstatic writes

# Lighthouse's own throttling presets (core/config/constants.js, from lantern's
# simulation constants): the default is mobileSlow4G; mobileRegular3G is given flag by flag.
# Simulated throttling reads rttMs, throughputKbps and cpuSlowdownMultiplier; the other three
# are what devtools throttling would use, set to the preset's values for completeness.
PERFILES = {
    "4G lenta": [],
    "3G regular": [
        "--throttling.rttMs=300",
        "--throttling.throughputKbps=700",
        "--throttling.requestLatencyMs=1125",
        "--throttling.downloadThroughputKbps=630",
        "--throttling.uploadThroughputKbps=630",
        "--throttling.cpuSlowdownMultiplier=4",
    ],
}


# Every docker-only name in deploy/nginx.conf and what it becomes on loopback; nothing else of
# the shipped configuration changes.
def _reemplazos(dir_nginx: Path, puerto: int, upstream: str) -> dict[str, str]:
    return {
        "server web:8000;": f"server {upstream};",
        "listen 80;": f"listen 127.0.0.1:{puerto};",
        "/etc/nginx/conf.d/": f"{dir_nginx}/",
        "/var/log/nginx/": f"{dir_nginx}/",
        "/app/var/staticfiles/": f"{ESTATICOS}/",
        "/srv/mesas/privado/": f"{VAR / 'privado'}/",
    }


def configurar_nginx(dir_nginx: Path, puerto: int, upstream: str) -> Path:
    """A copy of deploy/nginx.conf (and its include) for loopback, with a main nginx.conf that
    runs it in the foreground; returns the main file."""
    dir_nginx.mkdir(parents=True, exist_ok=True)
    conf = (RAIZ / "deploy" / "nginx.conf").read_text()
    for original, local in _reemplazos(dir_nginx, puerto, upstream).items():
        if original not in conf:
            raise RuntimeError(
                f"deploy/nginx.conf ya no contiene «{original}»: revise bench.lighthouse"
            )
        conf = conf.replace(original, local)
    (dir_nginx / "sitio.conf").write_text(conf)
    shutil.copy(RAIZ / "deploy" / "mesas_proxy.inc", dir_nginx / "mesas_proxy.inc")
    temporales = " ".join(
        f"{d}_temp_path {dir_nginx}/{d};"
        for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would run as nobody, who may not read the tree.
    usuario = "user root;" if os.geteuid() == 0 else ""
    principal = dir_nginx / "nginx.conf"
    principal.write_text(
        f"{usuario} worker_processes 1; pid {dir_nginx}/nginx.pid; daemon off;\n"
        f"error_log {dir_nginx}/error.log;\n"
        "events { worker_connections 256; }\n"
        f"http {{ include /etc/nginx/mime.types; {temporales} include {dir_nginx}/sitio.conf; }}\n"
    )
    return principal


def instalar() -> None:
    if BINARIO.exists():
        return
    NODO.mkdir(parents=True, exist_ok=True)
    decir(f"npm install lighthouse@{VERSION}…")
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", f"lighthouse@{VERSION}"],
        cwd=NODO,
        check=True,
    )


def preparar_base(cfg: Config, base: str) -> str:
    url = urlunsplit(cfg.servidor._replace(path=f"/{base}"))
    existe = _postgres(cfg, f"SELECT 1 FROM pg_database WHERE datname = '{base}'")
    if not existe:
        _postgres(cfg, f'CREATE DATABASE "{base}"')
    entorno = cfg.entorno(None, DATABASE_URL=url)
    subprocess.run(
        [PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=RAIZ, env=entorno, check=True
    )
    poblada = (
        subprocess.run(
            [
                PY,
                "manage.py",
                "shell",
                "-c",
                "from mesas.models import Mesa; print(Mesa.objects.count())",
            ],
            cwd=RAIZ,
            env=entorno,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1:]
    )
    if poblada in ([], ["0"]):
        decir("seed_demo (Valparaíso)…")
        subprocess.run([PY, "manage.py", "seed_demo", "--force"], cwd=RAIZ, env=entorno, check=True)
    # As the Dockerfile does: the hashed names and a .gz (and .br) next to every file.
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=RAIZ, env=entorno, check=True
    )
    return url


def datos_django() -> None:
    """Run inside Django (see `paginas`): prints the pages as JSON, each with the session cookie
    of its user (none for the public pages and the login page)."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from bench.paginas import descubrir
    from nucleo.models import Programa, Usuario

    programa = Programa.objects.get(nombre="Mujeres Jefas de Hogar").pk
    publicas = [
        ("Inicio de la oferta", "/oferta/"),
        ("Región de Valparaíso", "/oferta/region/05/"),
        ("Comuna de Limache", "/oferta/comuna/05802/"),
        ("Programa (Mujeres Jefas de Hogar)", f"/oferta/programas/{programa}/"),
        ("Empresa: solicitar visita", "/oferta/empresas/solicitar-visita/"),
        ("Datos abiertos de la región", "/oferta/datos/05/"),
        ("Ingreso", reverse("login")),
    ]
    paginas = [{"nombre": n, "ruta": r, "usuario": None, "cookie": None} for n, r in publicas]
    por_clave = {p.clave: p for p in descubrir()[0]}
    sesiones = {}
    for clave, nombre in [
        ("a.inicio", "Inicio"),
        ("o.mesa", "Mesa comunal (Limache)"),
        ("o.plan", "Plan comunal (Limache)"),
        ("a.acuerdos", "Acuerdos"),
        ("a.sesion", "Sesión (la última realizada con minuta escrita)"),
    ]:
        pagina = por_clave[clave]
        if pagina.usuario not in sesiones:
            cliente = Client()
            cliente.force_login(Usuario.objects.get(username=pagina.usuario))
            valor = cliente.cookies[settings.SESSION_COOKIE_NAME].value
            sesiones[pagina.usuario] = f"{settings.SESSION_COOKIE_NAME}={valor}"
        paginas.append(
            {
                "nombre": nombre,
                "ruta": pagina.url,
                "usuario": pagina.usuario,
                "cookie": sesiones[pagina.usuario],
            }
        )
    print(json.dumps(paginas))


def paginas(entorno: dict) -> list[dict]:
    salida = subprocess.run(
        [PY, "-c", "import django; django.setup(); import bench.lighthouse as l; l.datos_django()"],
        cwd=RAIZ, env=entorno, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(salida.strip().splitlines()[-1])


def medir(url: str, salida: Path, perfil: str, cookie: str | None) -> dict:
    entorno = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    opciones = list(PERFILES[perfil])
    if cookie:
        cabeceras = salida.with_suffix(".cabeceras.json")
        cabeceras.write_text(json.dumps({"Cookie": cookie}))
        opciones.append(f"--extra-headers={cabeceras}")
    try:
        subprocess.run(
            [
                str(BINARIO),
                url,
                "--output=json",
                f"--output-path={salida}",
                "--only-categories=performance,accessibility",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                "--quiet",
                *opciones,
            ],
            env=entorno,
            check=True,
            timeout=240,
        )
    finally:
        if cookie:
            cabeceras.unlink(missing_ok=True)
    informe = json.loads(salida.read_text())
    if informe.get("runtimeError"):
        raise RuntimeError(f"Lighthouse en {url}: {informe['runtimeError']}")
    # A lost session ends on the login page: that would be measured instead of the page.
    final = urlsplit(informe["finalDisplayedUrl"])
    if final.path != urlsplit(url).path:
        raise RuntimeError(f"{url} terminó en {informe['finalDisplayedUrl']}")
    auditorias = informe["audits"]
    peticiones = auditorias["network-requests"]["details"]["items"]
    documento = next(p for p in peticiones if p.get("resourceType") == "Document")
    throttling = informe["configSettings"]["throttling"]
    return {
        "rendimiento": round(informe["categories"]["performance"]["score"] * 100),
        "accesibilidad": round(informe["categories"]["accessibility"]["score"] * 100),
        "kb": auditorias["total-byte-weight"]["numericValue"] / 1024,
        "html_kb": documento["transferSize"] / 1024,
        "html_kb_sin_comprimir": documento["resourceSize"] / 1024,
        "fcp_ms": auditorias["first-contentful-paint"]["numericValue"],
        "lcp_ms": auditorias["largest-contentful-paint"]["numericValue"],
        "tbt_ms": auditorias["total-blocking-time"]["numericValue"],
        "cls": auditorias["cumulative-layout-shift"]["numericValue"],
        "peticiones": len(peticiones),
        "fallas_a11y": [
            a["id"]
            for a in auditorias.values()
            if a.get("scoreDisplayMode") == "binary" and a.get("score") == 0
        ],
        "oportunidades": [
            a["id"]
            for a in auditorias.values()
            if a.get("details", {}).get("type") == "opportunity"
            and (a.get("numericValue") or 0) > 0
        ],
        "lighthouse": informe["lighthouseVersion"],
        "emulacion": informe["configSettings"]["formFactor"],
        "throttling": informe["configSettings"]["throttlingMethod"],
        "rtt_ms": throttling["rttMs"],
        "kbps": throttling["throughputKbps"],
        "cpu": throttling["cpuSlowdownMultiplier"],
    }


def _con_reintentos(funcion, *args, intentos: int = 3):
    """Lighthouse 12.2 on a newer chromium sometimes loses the trace (NO_NAVSTART): run again."""
    for intento in range(1, intentos + 1):
        try:
            return funcion(*args)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, RuntimeError) as error:
            if intento == intentos:
                raise
            decir(f"  falló ({error.__class__.__name__}); otra vez…")
            time.sleep(2)


def mediana(rondas: list[dict]) -> dict:
    """The run with the median performance score (its other figures go with it)."""
    ordenadas = sorted(rondas, key=lambda r: r["rendimiento"])
    elegida = dict(ordenadas[len(ordenadas) // 2])
    elegida["rendimiento_rondas"] = [r["rendimiento"] for r in rondas]
    elegida["rendimiento_mediana"] = statistics.median(r["rendimiento"] for r in rondas)
    return elegida


def cumple(m: dict) -> bool:
    return (
        m["rendimiento"] >= METAS["rendimiento"]
        and m["accesibilidad"] >= METAS["accesibilidad"]
        and m["kb"] <= METAS["kb"]
    )


def markdown(resultados: list[dict], fecha: str, maquina: str = "") -> str:
    primera = resultados[0]["medidas"][next(iter(resultados[0]["medidas"]))]
    perfiles = {
        perfil: m for r in resultados for perfil, m in r["medidas"].items()
    }  # one measurement per profile, for its settings
    descripcion = "; ".join(
        f"«{p}»: RTT {m['rtt_ms']:.0f} ms, {m['kbps']:.0f} kbit/s, CPU {m['cpu']:g}× más lenta"
        for p, m in perfiles.items()
    )
    lineas = [
        INICIO,
        "## Lo que siente un teléfono (Lighthouse, como se despliega)",
        "",
        f"`python -m bench.lighthouse` (parte de `make bench`), {fecha}"
        + (f", {maquina}" if maquina else "")
        + f": Lighthouse {primera['lighthouse']} (npm) en Node {_node()} con el chromium de "
        f"Debian, emulación «{primera['emulacion']}», limitación simulada («"
        f"{primera['throttling']}») con dos perfiles ({descripcion}; el segundo son las "
        "constantes `mobileRegular3G` de Lighthouse). Como se despliega: nginx con una copia de "
        "`deploy/nginx.conf` (solo puertos, rutas y upstream cambiados para loopback) delante de "
        "gunicorn con la configuración de producción; `/static/` lo sirve nginx desde lo que "
        "escribe `collectstatic` (los `.gz` de WhiteNoise, `gzip_static`). Demo de Valparaíso. "
        "Las páginas con usuario se miden con su sesión (cookie por `--extra-headers`). Primera "
        "visita (sin caché). Mediana de las rondas (rendimiento de cada ronda entre paréntesis). "
        "HTML: bytes transferidos del documento / sin comprimir. Metas: rendimiento ≥ 95 en ambos "
        "perfiles, accesibilidad 100, ≤ 100 KB.",
        "",
        "| página | usuario | perfil | rendimiento | accesibilidad | LCP | KB transferidos "
        "| HTML KB | peticiones | FCP | TBT | CLS | meta |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in resultados:
        for perfil, m in r["medidas"].items():
            rondas = ", ".join(str(x) for x in m["rendimiento_rondas"])
            lineas.append(
                f"| {r['nombre']} (`{r['ruta']}`) | {r.get('usuario') or '—'} | {perfil} | "
                f"{m['rendimiento']} ({rondas}) | {m['accesibilidad']} | {m['lcp_ms']:.0f} ms | "
                f"{m['kb']:.1f} | {m['html_kb']:.1f} / {m['html_kb_sin_comprimir']:.1f} | "
                f"{m['peticiones']} | {m['fcp_ms']:.0f} ms | {m['tbt_ms']:.0f} ms | "
                f"{m['cls']:.3f} | {'cumple' if cumple(m) else 'NO cumple'} |"
            )
    fuera = [
        f"{r['nombre']} ({perfil})"
        for r in resultados
        for perfil, m in r["medidas"].items()
        if not cumple(m)
    ]
    fallas = sorted(
        {f for r in resultados for m in r["medidas"].values() for f in m["fallas_a11y"]}
    )
    lineas += [
        "",
        f"Bajo la meta: {', '.join(fuera) if fuera else 'ninguna'}. "
        f"Auditorías binarias fallidas: {', '.join(fallas) if fallas else 'ninguna'}.",
        FIN,
    ]
    return "\n".join(lineas) + "\n"


def _node() -> str:
    return subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()


def _maquina() -> str:
    cpu = "CPU desconocida"
    try:
        for linea in Path("/proc/cpuinfo").read_text().splitlines():
            if linea.startswith("model name"):
                cpu = linea.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} núcleos, carga {os.getloadavg()[0]:.1f} al empezar"


def escribir_doc(seccion: str) -> None:
    texto = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Mediciones de rendimiento\n"
    if INICIO in texto and FIN in texto:
        antes, resto = texto.split(INICIO, 1)
        _, despues = resto.split(FIN, 1)
        texto = antes + seccion.rstrip("\n") + despues
    else:
        texto = texto.rstrip("\n") + "\n\n" + seccion
    DOC.write_text(texto, encoding="utf-8")


def _arrancar(args: list[str], entorno: dict, registro: Path) -> subprocess.Popen:
    with open(registro, "w") as log:
        return subprocess.Popen(args, cwd=RAIZ, env=entorno, stdout=log, stderr=subprocess.STDOUT)


def main() -> int:
    if not shutil.which("node"):
        decir("Falta Node (apt-get install nodejs npm): no se mide Lighthouse.")
        return 1
    if not shutil.which("nginx"):
        decir("Falta nginx (apt-get install nginx-light): no se mide Lighthouse.")
        return 1
    # `kill` (SIGTERM) goes through the finally below, which stops nginx and gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    instalar()
    cfg = Config()
    puerto = int(os.environ.get("LH_PUERTO") or 8106)
    puerto_web = int(os.environ.get("LH_PUERTO_WEB") or 8107)
    rondas = int(os.environ.get("LH_RONDAS") or 3)
    filtro = [t for t in (os.environ.get("LH_PAGINAS") or "").split(",") if t]
    perfiles = [p for p in PERFILES if p in (os.environ.get("LH_PERFILES") or ",".join(PERFILES))]
    filtro = filtro or ([""] if len(perfiles) < len(PERFILES) else [])
    maquina = _maquina()
    url_base = preparar_base(cfg, os.environ.get("LH_DB") or "mesas_bench_lighthouse")
    entorno = cfg.entorno(None, DATABASE_URL=url_base)
    VAR.mkdir(parents=True, exist_ok=True)
    host = f"http://127.0.0.1:{puerto}"
    principal = configurar_nginx(VAR / "nginx", puerto, f"127.0.0.1:{puerto_web}")
    subprocess.run(
        ["nginx", "-t", "-q", "-p", f"{principal.parent}/", "-c", str(principal)], check=True
    )
    registro_web = VAR / "gunicorn-lighthouse.log"
    registro_nginx = VAR / "nginx" / "salida.log"
    procesos = []
    resultados = []
    try:
        procesos.append(
            _arrancar(
                [str(RAIZ / ".venv" / "bin" / "gunicorn"), "config.wsgi",
                 "-b", f"127.0.0.1:{puerto_web}", "-w", "2", "--timeout", "60"],
                entorno, registro_web,
            )
        )  # fmt: skip
        _esperar_http(f"http://127.0.0.1:{puerto_web}/salud/vivo", 60, procesos[0], registro_web)
        procesos.append(
            _arrancar(
                ["nginx", "-p", f"{principal.parent}/", "-c", str(principal)],
                entorno,
                registro_nginx,
            )
        )
        _esperar_http(f"{host}/salud/vivo", 30, procesos[1], registro_nginx)
        lista = paginas(entorno)
        if filtro:
            lista = [p for p in lista if any(t in p["ruta"] for t in filtro)]
        for pagina in lista:
            medidas = {}
            for perfil in perfiles:
                decir(f"Lighthouse {pagina['nombre']}, {perfil} ({rondas} rondas)…")
                corridas = []
                for n in range(rondas):
                    nombre = pagina["ruta"].strip("/").replace("/", "-") or "raiz"
                    perfil_archivo = perfil.replace(" ", "-").lower()
                    salida = VAR / f"lighthouse-{nombre}-{perfil_archivo}-{n}.json"
                    corridas.append(
                        _con_reintentos(
                            medir, f"{host}{pagina['ruta']}", salida, perfil, pagina["cookie"]
                        )
                    )
                    time.sleep(1)
                medidas[perfil] = mediana(corridas)
            resultados.append(
                {
                    "nombre": pagina["nombre"],
                    "ruta": pagina["ruta"],
                    "usuario": pagina["usuario"],
                    "medidas": medidas,
                }
            )
    finally:
        for proceso in reversed(procesos):
            _terminar(proceso)
    fecha = datetime.now().strftime("%d-%m-%Y %H:%M")
    (VAR / "lighthouse.json").write_text(json.dumps(resultados, indent=1, ensure_ascii=False))
    if filtro:
        decir("Medición parcial (LH_PAGINAS, LH_PERFILES): docs/benchmarks.md no se toca.")
    else:
        escribir_doc(markdown(resultados, fecha, maquina))
    for r in resultados:
        for perfil, m in r["medidas"].items():
            decir(
                f"{r['nombre']} ({perfil}): rendimiento {m['rendimiento']}, accesibilidad "
                f"{m['accesibilidad']}, LCP {m['lcp_ms']:.0f} ms, {m['kb']:.1f} KB"
                + ("" if cumple(m) else "  ← NO cumple")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
