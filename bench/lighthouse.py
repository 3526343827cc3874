"""Lighthouse on the public pages (issue 18): `python -m bench.lighthouse`, part of `make bench`.

npm `lighthouse@12.2.3` (installed under var/lighthouse on first use) on Node 20, with Debian's
chromium, its default mobile emulation and simulated throttling, against gunicorn with the
production settings (DEBUG off, WhiteNoise's compressed static files) on the Valparaíso demo.
Per page: performance and accessibility scores and the bytes transferred on a first visit.
Targets: performance ≥ 95, accessibility 100, ≤ 100 KB. Writes var/bench/lighthouse.json and the
«Páginas públicas (Lighthouse)» section of docs/benchmarks.md (between its markers).

Environment: LH_DB (database, default mesas_bench_lighthouse; seeded when empty), LH_PUERTO
(8106), LH_RONDAS (runs per page, median kept; 3), CHROME_PATH (/usr/bin/chromium).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlunsplit

from bench.correr import PY, RAIZ, VAR, Config, _esperar_http, _postgres, _terminar, decir

VERSION = "12.2.3"
NODO = RAIZ / "var" / "lighthouse"
BINARIO = NODO / "node_modules" / ".bin" / "lighthouse"
DOC = RAIZ / "docs" / "benchmarks.md"
INICIO, FIN = "<!-- lighthouse: inicio -->", "<!-- lighthouse: fin -->"
METAS = {"rendimiento": 95, "accesibilidad": 100, "kb": 100}


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
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=RAIZ, env=entorno, check=True
    )
    return url


def paginas(entorno: dict) -> list[tuple[str, str]]:
    programa = (
        subprocess.run(
            [
                PY,
                "manage.py",
                "shell",
                "-c",
                "from nucleo.models import Programa; "
                "print(Programa.objects.get(nombre='Mujeres Jefas de Hogar').pk)",
            ],
            cwd=RAIZ,
            env=entorno,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return [
        ("Inicio de la oferta", "/oferta/"),
        ("Región de Valparaíso", "/oferta/region/05/"),
        ("Comuna de Limache", "/oferta/comuna/05802/"),
        ("Programa (Mujeres Jefas de Hogar)", f"/oferta/programas/{programa}/"),
        ("Empresa: solicitar visita", "/oferta/empresas/solicitar-visita/"),
        ("Datos abiertos de la región", "/oferta/datos/05/"),
    ]


def medir(url: str, salida: Path) -> dict:
    entorno = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(
        [
            str(BINARIO),
            url,
            "--output=json",
            f"--output-path={salida}",
            "--only-categories=performance,accessibility",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--quiet",
        ],
        env=entorno,
        check=True,
        timeout=240,
    )
    informe = json.loads(salida.read_text())
    auditorias = informe["audits"]
    return {
        "rendimiento": round(informe["categories"]["performance"]["score"] * 100),
        "accesibilidad": round(informe["categories"]["accessibility"]["score"] * 100),
        "kb": auditorias["total-byte-weight"]["numericValue"] / 1024,
        "fcp_ms": auditorias["first-contentful-paint"]["numericValue"],
        "lcp_ms": auditorias["largest-contentful-paint"]["numericValue"],
        "tbt_ms": auditorias["total-blocking-time"]["numericValue"],
        "cls": auditorias["cumulative-layout-shift"]["numericValue"],
        "peticiones": len(auditorias["network-requests"]["details"]["items"]),
        "fallas_a11y": [
            a["id"]
            for a in auditorias.values()
            if a.get("scoreDisplayMode") == "binary" and a.get("score") == 0
        ],
        "lighthouse": informe["lighthouseVersion"],
        "emulacion": informe["configSettings"]["formFactor"],
        "throttling": informe["configSettings"]["throttlingMethod"],
    }


def mediana(rondas: list[dict]) -> dict:
    """The run with the median performance score (its other figures go with it)."""
    ordenadas = sorted(rondas, key=lambda r: r["rendimiento"])
    elegida = dict(ordenadas[len(ordenadas) // 2])
    elegida["rendimiento_rondas"] = [r["rendimiento"] for r in rondas]
    elegida["rendimiento_mediana"] = statistics.median(r["rendimiento"] for r in rondas)
    return elegida


def markdown(resultados: list[dict], fecha: str) -> str:
    def ok(r):
        return (
            r["rendimiento"] >= METAS["rendimiento"]
            and r["accesibilidad"] >= METAS["accesibilidad"]
            and r["kb"] <= METAS["kb"]
        )

    primera = resultados[0]["medida"]
    lineas = [
        INICIO,
        "## Páginas públicas (Lighthouse)",
        "",
        f"`python -m bench.lighthouse` (parte de `make bench`), {fecha}: Lighthouse "
        f"{primera['lighthouse']} (npm) en Node {_node()} con el chromium de Debian, emulación "
        f"«{primera['emulacion']}» y su limitación por defecto («{primera['throttling']}»: 4G "
        "lenta simulada, CPU 4× más lenta), contra gunicorn con la configuración de producción "
        "(DEBUG apagado, estáticos comprimidos de WhiteNoise) y la demo de Valparaíso. Primera "
        "visita (sin caché). Mediana de las rondas por página (rendimiento de cada ronda entre "
        "paréntesis). Metas: rendimiento ≥ 95, accesibilidad 100, ≤ 100 KB.",
        "",
        "| página | rendimiento | accesibilidad | KB transferidos | peticiones | FCP | LCP | TBT "
        "| CLS | meta |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in resultados:
        m = r["medida"]
        rondas = ", ".join(str(x) for x in m["rendimiento_rondas"])
        lineas.append(
            f"| {r['nombre']} (`{r['ruta']}`) | {m['rendimiento']} ({rondas}) | "
            f"{m['accesibilidad']} | {m['kb']:.1f} | {m['peticiones']} | {m['fcp_ms']:.0f} ms | "
            f"{m['lcp_ms']:.0f} ms | {m['tbt_ms']:.0f} ms | {m['cls']:.3f} | "
            f"{'cumple' if ok(m) else 'NO cumple'} |"
        )
    fallas = sorted({f for r in resultados for f in r["medida"]["fallas_a11y"]})
    lineas += ["", f"Auditorías binarias fallidas: {', '.join(fallas) if fallas else 'ninguna'}."]
    lineas.append(FIN)
    return "\n".join(lineas) + "\n"


def _node() -> str:
    return subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()


def escribir_doc(seccion: str) -> None:
    texto = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Mediciones de rendimiento\n"
    if INICIO in texto and FIN in texto:
        antes, resto = texto.split(INICIO, 1)
        _, despues = resto.split(FIN, 1)
        texto = antes + seccion.rstrip("\n") + despues
    else:
        texto = texto.rstrip("\n") + "\n\n" + seccion
    DOC.write_text(texto, encoding="utf-8")


def main() -> int:
    if not shutil.which("node"):
        decir("Falta Node (apt-get install nodejs npm): no se mide Lighthouse.")
        return 1
    instalar()
    cfg = Config()
    puerto = int(os.environ.get("LH_PUERTO") or 8106)
    rondas = int(os.environ.get("LH_RONDAS") or 3)
    url_base = preparar_base(cfg, os.environ.get("LH_DB") or "mesas_bench_lighthouse")
    entorno = cfg.entorno(None, DATABASE_URL=url_base)
    VAR.mkdir(parents=True, exist_ok=True)
    registro = VAR / "gunicorn-lighthouse.log"
    host = f"http://127.0.0.1:{puerto}"
    with open(registro, "w") as log:
        servidor = subprocess.Popen(
            [str(RAIZ / ".venv" / "bin" / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{puerto}",
             "-w", "2", "--timeout", "60"],
            cwd=RAIZ, env=entorno, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    resultados = []
    try:
        _esperar_http(f"{host}/oferta/", 60, servidor, registro)
        for nombre, ruta in paginas(entorno):
            decir(f"Lighthouse {nombre} ({rondas} rondas)…")
            medidas = []
            for n in range(rondas):
                salida = VAR / f"lighthouse-{ruta.strip('/').replace('/', '-') or 'raiz'}-{n}.json"
                medidas.append(medir(f"{host}{ruta}", salida))
                time.sleep(1)
            resultados.append({"nombre": nombre, "ruta": ruta, "medida": mediana(medidas)})
    finally:
        _terminar(servidor)
    fecha = datetime.now().strftime("%d-%m-%Y %H:%M")
    (VAR / "lighthouse.json").write_text(json.dumps(resultados, indent=1, ensure_ascii=False))
    escribir_doc(markdown(resultados, fecha))
    for r in resultados:
        m = r["medida"]
        decir(
            f"{r['nombre']}: rendimiento {m['rendimiento']}, accesibilidad {m['accesibilidad']}, "
            f"{m['kb']:.1f} KB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
