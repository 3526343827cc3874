"""Pure helpers of the benchmark: statistics, targets and tables (no Django, no I/O).

tests/bench/test_bench.py checks them; everything that measures lives in the other modules.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# Targets of issues 7 and 19. The old "page ≤ 3 × the floor" target is retired (issue 19): the
# floor page is still measured, as information only.
P95_CARGA_MS = 250.0  # p95 under the locust load (each step of the capacity knee)
USUARIOS_META = 300  # the capacity knee: at least this many users with p95 < 250 ms, 0 errors
CRECIMIENTO_MAX = 1.2  # 10 years of data: each page's median ≤ 1.2 × its 5-year median
PDF_SEMESTRAL_S = 5.0  # Valparaíso semester report, whole build
ACELERACION_META = 1.7  # 16 regions' monthly reports, 2 workers against 1
RSS_META_MB = 400.0  # peak RSS of a report worker, in MB (10**6 bytes)

OK = "sí"
FALLA = "**NO**"


def percentil(valores: Sequence[float], p: float) -> float:
    """Percentile with linear interpolation between closest ranks (NumPy's default, "linear").

    p in [0, 100]. An empty sequence has no percentile: ValueError.
    """
    if not valores:
        raise ValueError("sin muestras")
    if not 0 <= p <= 100:
        raise ValueError("el percentil va de 0 a 100")
    ordenados = sorted(valores)
    posicion = (len(ordenados) - 1) * p / 100
    abajo = math.floor(posicion)
    arriba = math.ceil(posicion)
    if abajo == arriba:
        return float(ordenados[abajo])
    fraccion = posicion - abajo
    return ordenados[abajo] + (ordenados[arriba] - ordenados[abajo]) * fraccion


def mediana(valores: Sequence[float]) -> float:
    return percentil(valores, 50)


def resumen_ms(segundos: Sequence[float]) -> dict:
    """Median, p95 and sample size of durations given in seconds, reported in milliseconds."""
    ms = [s * 1000 for s in segundos]
    return {"mediana_ms": mediana(ms), "p95_ms": percentil(ms, 95), "n": len(ms)}


def ms(valor: float | None) -> str:
    """A duration in ms for a table: 1 decimal under 10 ms, whole numbers above."""
    if valor is None:
        return "—"
    return f"{valor:.1f}" if valor < 10 else f"{valor:.0f}"


def marca(ok: bool | None) -> str:
    if ok is None:
        return "—"
    return OK if ok else FALLA


def evaluar_pagina(pagina: dict, *, consultas_otra_escala: int | None = None) -> dict:
    """Checks one measured page against the targets: not slower than Django admin's page of the
    same objects, and the same query count at the other scale.

    `pagina` has mediana_ms, consultas and admin_ms (median of the admin page of the same
    objects, None if there is no such page).
    Returns {"admin": bool|None, "escala": bool|None, "fallas": [texts]}.
    """
    fallas = []
    admin_ok = None
    if pagina.get("admin_ms") is not None:
        admin_ok = pagina["mediana_ms"] <= pagina["admin_ms"]
        if not admin_ok:
            fallas.append(
                f"mediana {ms(pagina['mediana_ms'])} ms > admin {ms(pagina['admin_ms'])} ms"
            )
    escala_ok = None
    if consultas_otra_escala is not None:
        escala_ok = pagina["consultas"] == consultas_otra_escala
        if not escala_ok:
            fallas.append(
                f"consultas {consultas_otra_escala} (demo) ≠ {pagina['consultas']} (nacional)"
            )
    return {"admin": admin_ok, "escala": escala_ok, "fallas": fallas}


def evaluar_crecimiento(cinco: dict, diez: dict) -> dict:
    """The same page on 5 and on 10 years of national data: median ≤ 1.2 × and equal queries."""
    razon = diez["mediana_ms"] / cinco["mediana_ms"] if cinco["mediana_ms"] else None
    tiempo_ok = None if razon is None else razon <= CRECIMIENTO_MAX
    consultas_ok = diez["consultas"] == cinco["consultas"]
    fallas = []
    if tiempo_ok is False:
        fallas.append(
            f"mediana {ms(diez['mediana_ms'])} ms con 10 años = {razon:.2f} × la de 5 años "
            f"({ms(cinco['mediana_ms'])} ms) > {CRECIMIENTO_MAX:g}×"
        )
    if not consultas_ok:
        fallas.append(f"consultas {cinco['consultas']} (5 años) ≠ {diez['consultas']} (10 años)")
    return {"razon": razon, "tiempo": tiempo_ok, "consultas": consultas_ok, "fallas": fallas}


def evaluar_carga(total: dict) -> dict:
    """Locust's aggregate: p95 < 250 ms and no failed request."""
    fallas = []
    p95_ok = total["p95_ms"] < P95_CARGA_MS
    if not p95_ok:
        fallas.append(f"p95 {ms(total['p95_ms'])} ms ≥ {P95_CARGA_MS:.0f} ms")
    errores_ok = total["errores"] == 0
    if not errores_ok:
        fallas.append(f"{total['errores']} errores")
    return {"p95": p95_ok, "errores": errores_ok, "fallas": fallas}


def tabla_markdown(encabezados: Sequence[str], filas: Sequence[Sequence], derecha=()) -> str:
    """A GitHub Markdown table. `derecha`: indexes of right-aligned (numeric) columns.

    Pipes inside cells are escaped so a URL with `|` cannot break the table.
    """

    def celda(valor) -> str:
        return str(valor).replace("|", "\\|").replace("\n", " ")

    lineas = [
        "| " + " | ".join(celda(e) for e in encabezados) + " |",
        "|" + "|".join("---:" if i in derecha else "---" for i in range(len(encabezados))) + "|",
    ]
    lineas += ["| " + " | ".join(celda(v) for v in fila) + " |" for fila in filas]
    return "\n".join(lineas)


def tabla_texto(encabezados: Sequence[str], filas: Sequence[Sequence], derecha=()) -> str:
    """The same table for a terminal: columns padded to their widest cell."""
    texto = [[str(e) for e in encabezados]] + [[str(v) for v in fila] for fila in filas]
    anchos = [max(len(f[i]) for f in texto) for i in range(len(encabezados))]

    def linea(fila):
        return "  ".join(
            v.rjust(anchos[i]) if i in derecha else v.ljust(anchos[i]) for i, v in enumerate(fila)
        ).rstrip()

    separador = "  ".join("-" * a for a in anchos)
    return "\n".join([linea(texto[0]), separador, *(linea(f) for f in texto[1:])])


def duracion(segundos: float) -> str:
    """12.3 s, or 4 min 05 s above a minute."""
    if segundos < 60:
        return f"{segundos:.1f} s"
    minutos, resto = divmod(round(segundos), 60)
    return f"{minutos} min {resto:02d} s"


_BUILD_REPORT = {
    "cifras_s": r"cifras:\s+([\d.]+) s",
    "consultas": r"cifras:.*\((\d+) consultas\)",
    "html_s": r"html:\s+([\d.]+) s",
    "pdf_s": r"weasyprint:\s+([\d.]+) s",
    "total_s": r"total:\s+([\d.]+) s",
    "kib": r"·\s+(\d+) KiB",
    "memoria_mib": r"memoria máxima (\d+) MiB",
}


def leer_build_report(salida: str) -> dict:
    """The figures `manage.py build_report` prints (phases, queries, size, ru_maxrss).

    A line that is missing gives None, so a changed command shows as "—" rather than a crash.
    """
    import re

    datos = {}
    for clave, patron in _BUILD_REPORT.items():
        encontrado = re.search(patron, salida)
        if encontrado is None:
            datos[clave] = None
        elif clave in ("consultas", "kib", "memoria_mib"):
            datos[clave] = int(encontrado.group(1))
        else:
            datos[clave] = float(encontrado.group(1))
    return datos


def resumir_locust(datos: dict) -> dict:
    """Exact figures from the samples the locustfile wrote.

    `datos`: {"ventana": {"inicio", "estable", "fin"}, "muestras": [[name, ms, ok, t], ...]}.
    Page figures (p50/p95/requests per second) come from the steady part, after every user has
    logged in; logins are reported apart; errors count over the whole run.
    """
    ventana = datos["ventana"]
    estable = ventana.get("estable", ventana["inicio"])
    fin = ventana["fin"]
    paginas = [m for m in datos["muestras"] if not m[0].startswith("login") and m[3] >= estable]
    logins = [m for m in datos["muestras"] if m[0] == "login (POST)"]
    errores = sum(1 for m in datos["muestras"] if not m[2])
    segundos = max(fin - estable, 1e-9)

    def cifras(muestras):
        tiempos = [m[1] for m in muestras]
        if not tiempos:
            return {"n": 0, "p50_ms": None, "p95_ms": None}
        return {"n": len(tiempos), "p50_ms": mediana(tiempos), "p95_ms": percentil(tiempos, 95)}

    por_pagina = {}
    for m in paginas:
        por_pagina.setdefault(m[0], []).append(m)
    return {
        "segundos_estables": segundos,
        "segundos_totales": fin - ventana["inicio"],
        "rps": len(paginas) / segundos,
        **cifras(paginas),
        "errores": errores,
        "peticiones": len(datos["muestras"]),
        "login": cifras(logins),
        "por_pagina": {
            nombre: {**cifras(ms_), "errores": sum(1 for m in ms_ if not m[2])}
            for nombre, ms_ in sorted(por_pagina.items())
        },
    }


def resumir_escalones(datos: dict) -> list[dict]:
    """Per step of the capacity knee: figures of the pages in its steady window.

    `datos["escalones"]`: [{"usuarios", "inicio" (its ramp began), "estable" (every user of the
    step logged in and settled), "fin"}]. Pages count inside [estable, fin]; errors count over
    the whole step, ramp and logins included.
    """
    filas = []
    for escalon in datos.get("escalones", []):
        inicio, estable, fin = escalon["inicio"], escalon["estable"], escalon["fin"]
        paginas = [
            m[1]
            for m in datos["muestras"]
            if not m[0].startswith("login") and estable <= m[3] <= fin
        ]
        errores = sum(1 for m in datos["muestras"] if not m[2] and inicio <= m[3] <= fin)
        segundos = max(fin - estable, 1e-9)
        fila = {
            "usuarios": escalon["usuarios"],
            "segundos": segundos,
            "n": len(paginas),
            "rps": len(paginas) / segundos,
            "p50_ms": mediana(paginas) if paginas else None,
            "p95_ms": percentil(paginas, 95) if paginas else None,
            "errores": errores,
        }
        fila["ok"] = bool(paginas) and fila["p95_ms"] < P95_CARGA_MS and errores == 0
        filas.append(fila)
    return filas


def rodilla(escalones: list[dict]) -> int | None:
    """The largest number of users served within the target before the first step that
    failed it (None if the first step already failed)."""
    mejor = None
    for escalon in escalones:
        if not escalon["ok"]:
            break
        mejor = escalon["usuarios"]
    return mejor


def reparto_lpt(duraciones: Sequence[float], trabajadores: int) -> float:
    """Makespan of the longest-first greedy schedule: what N workers would take for these task
    durations with an ideal queue (the bound the measured wall time is compared with)."""
    cargas = [0.0] * trabajadores
    for d in sorted(duraciones, reverse=True):
        cargas[cargas.index(min(cargas))] += d
    return max(cargas)


class Escalonador:
    """The capacity knee's load shape, without locust (bench.locustfile wraps it).

    Each step: ramp (users added at `tasa` per second until every user of the step has logged
    in, or a generous time limit), settle `asentar` seconds, then a steady window of `ventana`
    seconds. After a window, a step that missed p95 < 250 ms with 0 errors (ramp included) ends
    the run, as does the last step. tick() returns (users, rate) or None to stop; the finished
    steps go to `hechos` as {"usuarios", "inicio", "asentar", "estable", "fin"}.
    """

    def __init__(self, pasos, *, tasa: float, asentar: float, ventana: float, hechos: list):
        self.pasos, self.tasa, self.asentar, self.ventana = list(pasos), tasa, asentar, ventana
        self.hechos = hechos
        self.i, self.fase, self.actual = 0, "rampa", {}

    @staticmethod
    def cumple(escalon: dict, muestras) -> bool:
        paginas = [
            m[1]
            for m in muestras
            if not m[0].startswith("login") and escalon["estable"] <= m[3] <= escalon["fin"]
        ]
        errores = any(not m[2] and escalon["inicio"] <= m[3] <= escalon["fin"] for m in muestras)
        return bool(paginas) and not errores and percentil(paginas, 95) < P95_CARGA_MS

    def tick(self, ahora: float, logins_hechos: int, muestras) -> tuple[int, float] | None:
        if self.i >= len(self.pasos):
            return None
        objetivo = self.pasos[self.i]
        if not self.actual:
            self.actual = {"usuarios": objetivo, "inicio": ahora}
        if self.fase == "rampa":
            # Logins are slow on purpose (PBKDF2); a step whose users cannot even log in within
            # a generous time is measured anyway and will show it.
            limite = self.actual["inicio"] + 3 * objetivo / self.tasa + 120
            if logins_hechos >= objetivo or ahora > limite:
                self.fase, self.actual["asentar"] = "asentar", ahora
        elif self.fase == "asentar":
            if ahora - self.actual["asentar"] >= self.asentar:
                self.fase, self.actual["estable"] = "estable", ahora
        elif ahora - self.actual["estable"] >= self.ventana:
            self.actual["fin"] = ahora
            self.hechos.append(self.actual)
            cumple = self.cumple(self.actual, muestras)
            self.i, self.fase, self.actual = self.i + 1, "rampa", {}
            if not cumple or self.i >= len(self.pasos):
                return None
            objetivo = self.pasos[self.i]
        return objetivo, self.tasa
