"""docs/benchmarks.md and the terminal summary, from the results bench.correr gathers (pure).

The section between ANALISIS_INICIO and ANALISIS_FIN is written by a person (causes and fixes of
the misses); a new run keeps it as it was.
"""

from __future__ import annotations

from bench.estadistica import (
    FACTOR_PISO,
    P95_CARGA_MS,
    PDF_SEMESTRAL_S,
    duracion,
    evaluar_carga,
    evaluar_pagina,
    marca,
    ms,
    tabla_markdown,
    tabla_texto,
)

ANALISIS_INICIO = "<!-- analisis:inicio -->"
ANALISIS_FIN = "<!-- analisis:fin -->"
ANALISIS_VACIO = (
    "_Sin análisis todavía: escriba aquí las causas de las metas no cumplidas y su arreglo; "
    "`make bench` conserva esta sección._"
)
ESCALAS = {"demo": "Valparaíso (demo)", "nacional": "nacional (16 regiones, 5 años)"}


def conservar_analisis(anterior: str | None) -> str:
    """The hand-written analysis of a previous docs/benchmarks.md (or the placeholder)."""
    if anterior and ANALISIS_INICIO in anterior and ANALISIS_FIN in anterior:
        return anterior.split(ANALISIS_INICIO, 1)[1].split(ANALISIS_FIN, 1)[0].strip()
    return ANALISIS_VACIO


def _seg(valor) -> str:
    return "—" if valor is None else f"{valor:.2f}"


def _desglose(fila: dict) -> str:
    if fila.get("sql_ms") is None:
        return "—"
    return f"{fila['sql_ms']:.0f} / {fila['plantilla_ms']:.0f} / {fila['resto_ms']:.0f}"


def _veces(pagina: dict) -> str:
    return f"{pagina['mediana_ms'] / pagina['piso_ms']:.1f}×" if pagina["piso_ms"] else "—"


def filas_paginas(resultados: dict, escala: str) -> tuple[list[str], list[list], list[str]]:
    """Header, rows and misses of one scale's page table."""
    datos = resultados["paginas"][escala]
    otra = resultados["paginas"].get("demo") if escala == "nacional" else None
    consultas_demo = {p["clave"]: p["consultas"] for p in otra["paginas"]} if otra else {}
    encabezado = [
        "usuario",
        "página",
        "mediana ms",
        "p95 ms",
        "consultas",
        "SQL / plantilla / resto ms",
        "× piso",
        "admin ms",
        "admin consultas",
        f"≤ {FACTOR_PISO:.0f}× piso",
        "≤ admin",
    ]
    if otra:
        encabezado += ["consultas demo", "= consultas"]
    filas, fallas = [], []
    for p in datos["paginas"]:
        evaluacion = evaluar_pagina(p, consultas_otra_escala=consultas_demo.get(p["clave"]))
        fila = [
            p["usuario"],
            f"{p['nombre']} `{p['url']}`",
            ms(p["mediana_ms"]),
            ms(p["p95_ms"]),
            p["consultas"],
            _desglose(p),
            _veces(p),
            ms(p.get("admin_ms")),
            p.get("admin_consultas", "—"),
            marca(evaluacion["piso"]),
            marca(evaluacion["admin"]),
        ]
        if otra:
            fila += [consultas_demo.get(p["clave"], "—"), marca(evaluacion["escala"])]
        filas.append(fila)
        fallas += [
            f"{ESCALAS[escala]} · {p['usuario']} · {p['nombre']} (`{p['url']}`): {f}"
            for f in evaluacion["fallas"]
        ]
    return encabezado, filas, fallas


def filas_pisos(resultados: dict) -> tuple[list[str], list[list]]:
    encabezado = [
        "escala",
        "usuario",
        "mediana ms",
        "p95 ms",
        "consultas",
        "SQL / plantilla / resto ms",
    ]
    filas = []
    for escala, datos in resultados["paginas"].items():
        for usuario, piso in datos["pisos"].items():
            filas.append(
                [
                    ESCALAS[escala],
                    usuario,
                    ms(piso["mediana_ms"]),
                    ms(piso["p95_ms"]),
                    piso["consultas"],
                    _desglose(piso),
                ]
            )
    return encabezado, filas


def filas_informes(resultados: dict) -> tuple[list[str], list[list], list[str]]:
    encabezado = [
        "escala",
        "informe",
        "cifras s",
        "consultas",
        "HTML s",
        "WeasyPrint s",
        "total s",
        "PDF KiB",
        "memoria máx. MiB",
        f"< {PDF_SEMESTRAL_S:.0f} s",
    ]
    filas, fallas = [], []
    for inf in resultados.get("informes", []):
        if "error" in inf:
            filas.append([ESCALAS[inf["escala"]], inf["nombre"], "error", *["—"] * 7])
            fallas.append(f"{inf['nombre']} ({ESCALAS[inf['escala']]}): {inf['error']}")
            continue
        meta = None
        if inf["tipo"] == "semestral" and inf.get("total_s") is not None:
            meta = inf["total_s"] < PDF_SEMESTRAL_S
            if not meta:
                fallas.append(
                    f"PDF semestral de Valparaíso ({ESCALAS[inf['escala']]}): "
                    f"{inf['total_s']:.2f} s ≥ {PDF_SEMESTRAL_S:.0f} s"
                )
        filas.append(
            [
                ESCALAS[inf["escala"]],
                inf["nombre"],
                _seg(inf.get("cifras_s")),
                inf.get("consultas", "—"),
                _seg(inf.get("html_s")),
                _seg(inf.get("pdf_s")),
                _seg(inf.get("total_s")),
                inf.get("kib", "—"),
                inf.get("memoria_mib", "—"),
                marca(meta),
            ]
        )
    return encabezado, filas, fallas


def filas_trabajador(t: dict) -> tuple[list[str], list[list], list[str]]:
    """The reports a real Celery worker built in a row (the first one cold)."""
    encabezado = [
        "worker Celery (--pool=solo)",
        "informe",
        "cifras s",
        "HTML s",
        "PDF s",
        "Excel s",
        "total en el worker s",
        f"< {PDF_SEMESTRAL_S:.0f} s",
    ]
    filas, fallas = [], []
    for i, inf in enumerate(t.get("informes", []), start=1):
        tiempos = inf.get("tiempos") or {}
        total = inf.get("worker_s")
        meta = None if total is None else total < PDF_SEMESTRAL_S
        nombre = f"{i}.º semestral 2026-S1, región 05" + (" (en frío)" if i == 1 else "")
        if meta is False:
            fallas.append(
                f"PDF semestral de Valparaíso en el worker ({nombre}): {total:.2f} s ≥ "
                f"{PDF_SEMESTRAL_S:.0f} s"
            )
        filas.append(
            [
                ESCALAS[t["escala"]],
                f"{nombre}: {inf['estado']}",
                _seg(tiempos.get("cifras")),
                _seg(tiempos.get("html")),
                _seg(tiempos.get("pdf")),
                _seg(tiempos.get("excel")),
                _seg(total),
                marca(meta),
            ]
        )
    return encabezado, filas, fallas


def _filas_cpu(carga: dict) -> list[list]:
    cpu = carga.get("cpu")
    if not cpu:
        return []
    filas = [
        [
            "CPU de la máquina en estado estable",
            f"{cpu['uso'] * 100:.0f} % ocupada, {cpu['robo'] * 100:.0f} % robada por el "
            "hipervisor (todos los procesos, no solo la prueba)",
            "",
        ]
    ]
    if cpu.get("nucleos_prueba") is not None:
        filas.append(
            [
                "de eso, gunicorn + PostgreSQL de la prueba",
                f"{cpu['nucleos_prueba']:.2f} de {cpu['nucleos']} núcleos",
                "",
            ]
        )
    if cpu.get("gunicorn_ms_por_pagina") is not None:
        filas.append(
            [
                "CPU por página servida",
                f"gunicorn {cpu['gunicorn_ms_por_pagina']:.0f} ms + PostgreSQL "
                f"{cpu['postgres_ms_por_pagina']:.0f} ms",
                "",
            ]
        )
    if carga.get("locust_cpu_s") is not None:
        filas.append(["CPU de locust (toda la corrida)", f"{carga['locust_cpu_s']:.0f} s", ""])
    return filas


def filas_carga(carga: dict) -> tuple[list[list], list[str]]:
    evaluacion = evaluar_carga(carga)
    filas = [
        ["usuarios virtuales", carga["usuarios"], ""],
        ["llegada", f"{carga['tasa']:g} usuarios/s (cada uno ingresa con su contraseña)", ""],
        ["tiempo de medición estable", duracion(carga["segundos_estables"]), ""],
        ["peticiones de páginas / s", f"{carga['rps']:.1f}", ""],
        ["páginas p50", f"{ms(carga['p50_ms'])} ms", ""],
        [
            "páginas p95",
            f"{ms(carga['p95_ms'])} ms",
            f"{marca(evaluacion['p95'])} (< {P95_CARGA_MS:.0f} ms)",
        ],
        [
            "errores (toda la corrida)",
            f"{carga['errores']} de {carga['peticiones']}",
            marca(evaluacion["errores"]),
        ],
        [
            "ingreso (POST) p50 / p95",
            f"{ms(carga['login']['p50_ms'])} / "
            f"{ms(carga['login']['p95_ms'])} ms ({carga['login']['n']} ingresos)",
            "",
        ],
        *_filas_cpu(carga),
        ["gunicorn", f"{carga['workers']} workers sync, {carga['escala_nombre']}", ""],
    ]
    return filas, [f"Carga (locust): {f}" for f in evaluacion["fallas"]]


def filas_resumen(resultados: dict) -> list[list]:
    """One line per target: how many pages meet it, the load and the semester PDF."""
    filas = []
    for escala in resultados["paginas"]:
        _, filas_p, _ = filas_paginas(resultados, escala)
        total = len(filas_p)
        piso = sum(1 for f in filas_p if f[9] == "sí")
        admin = sum(1 for f in filas_p if f[10] == "sí")
        filas.append(
            [f"páginas ≤ {FACTOR_PISO:.0f}× piso, {ESCALAS[escala]}", f"{piso} de {total}"]
        )
        filas.append([f"páginas ≤ admin, {ESCALAS[escala]}", f"{admin} de {total}"])
        if escala == "nacional" and "demo" in resultados["paginas"]:
            iguales = sum(1 for f in filas_p if f[12] == "sí")
            filas.append(["mismas consultas en ambas escalas", f"{iguales} de {total}"])
    carga = resultados.get("carga")
    if carga and "error" not in carga:
        filas.append(
            [
                f"carga: p95 < {P95_CARGA_MS:.0f} ms y 0 errores ({carga['usuarios']} usuarios)",
                f"p95 {ms(carga['p95_ms'])} ms, {carga['errores']} errores, "
                f"{carga['rps']:.1f} páginas/s",
            ]
        )
    semestrales = [
        f"{i['total_s']:.2f} s ({ESCALAS[i['escala']]})"
        for i in resultados.get("informes", [])
        if i.get("tipo") == "semestral" and i.get("total_s") is not None
    ]
    t = resultados.get("trabajador") or {}
    semestrales += [
        f"{i['worker_s']:.2f} s (worker)" for i in t.get("informes", []) if i.get("worker_s")
    ]
    if semestrales:
        filas.append(
            [f"PDF semestral de Valparaíso < {PDF_SEMESTRAL_S:.0f} s", ", ".join(semestrales)]
        )
    return filas


def markdown(resultados: dict, analisis: str) -> str:
    m = resultados["maquina"]
    c = resultados["config"]
    partes = [
        "# Mediciones de rendimiento",
        "",
        f"Generado por `make bench` el {resultados['fecha']} en "
        f"{duracion(resultados['duracion_s'])}"
        + (
            " (**corrida rápida, BENCH_QUICK=1: cifras de humo, no de referencia**)"
            if resultados["rapido"]
            else ""
        )
        + ". Todo lo que sigue lo escribe el comando, salvo la sección «Análisis», que conserva.",
        "",
        "## Máquina",
        "",
        tabla_markdown(
            [
                "CPU",
                "núcleos",
                "RAM",
                "PostgreSQL",
                "Python",
                "Django",
                "sistema",
                "carga media (1 min) al empezar / terminar",
            ],
            [
                [
                    m["cpu"],
                    m["nucleos"],
                    f"{m['ram_gib']:.1f} GiB",
                    m["postgresql"],
                    m["python"],
                    m["django"],
                    m["sistema"],
                    f"{m['carga_inicio']:.2f} / {m['carga_fin']:.2f}",
                ]
            ],
        ),
        "",
        "La máquina es compartida: otros procesos (pruebas de otros equipos) pueden correr a la "
        "vez; la carga media de arriba lo muestra. Las páginas se miden intercaladas (una ronda "
        "de todas, luego la siguiente) para que esa carga caiga pareja sobre página, piso y admin.",
        "",
        "## Cómo se mide",
        "",
        "- **Datos**: bases nuevas en el servidor de `DATABASE_URL` (`mesas_bench` nacional, "
        "`mesas_bench_demo` Valparaíso), `migrate`, `seed_demo` y luego `VACUUM ANALYZE` (las "
        "estadísticas del planificador que autovacuum reuniría solo en producción; sin ellas "
        "PostgreSQL supone una fila por tabla). Los objetos con id son de Valparaíso: la mesa "
        "regional, su última sesión realizada, la mesa comunal y el plan más reciente de Limache.",
        f"- **Páginas**: en el mismo proceso, con `django.test.Client` sobre la configuración de "
        f"producción (`config.settings.production`: DEBUG apagado, todo el middleware, conexiones "
        f"persistentes, plantillas en caché), sin instrumentar plantillas. "
        f"{c['calentamiento']} rondas de calentamiento y {c['repeticiones']} medidas por página; "
        "se informa la mediana y el p95 del tiempo de servidor, y las consultas SQL de una "
        "petición más (CaptureQueriesContext). Se eligió el proceso propio y no HTTP porque la "
        "comparación con el piso y el admin es de trabajo del servidor y las consultas solo se "
        "cuentan ahí; la fase de locust mide la pila HTTP real.",
        "- **Piso**: `/cuenta/password_change/done/` (la confirmación del cambio de contraseña), "
        "la página autenticada más barata que existe: la plantilla base con su menú, la sesión y "
        "todo el middleware, un texto fijo, sin formulario ni consultas propias; medido para cada "
        "usuario.",
        "- **Desglose** (SQL / plantilla / resto, medianas de 5 peticiones más): tiempo dentro de "
        "las consultas; tiempo de renderizar plantillas sin el SQL que disparan; y el resto "
        "(middleware, código de la vista, armado de consultas del ORM, instancias de modelos).",
        "- **Admin**: la página del admin de Django (como `admin`) de los mismos objetos: el "
        "listado filtrado a Valparaíso para las listas, el formulario de cambio del mismo objeto "
        "para los detalles, el índice del admin para el inicio.",
        "- **Informes**: `manage.py build_report` (mismo código que la tarea), que imprime sus "
        "fases, consultas y memoria máxima (ru_maxrss del proceso); además un worker real "
        "(`celery -A config worker --pool=solo` sobre Redis) genera dos semestrales "
        "seguidos (el primero en frío) y se lee su VmHWM en /proc.",
        "- **Carga**: gunicorn con la configuración de producción en 127.0.0.1, locust sin "
        "interfaz; cada usuario virtual ingresa con la contraseña de un usuario de demostración "
        "(articuladora, omil.limache, senadis, director, por turnos) y navega sus páginas con "
        f"{c['espera_min']:g}–{c['espera_max']:g} s de pausa. Las peticiones llevan "
        "`X-Forwarded-Proto: https`, como detrás del proxy TLS, y las cookies `__Host-` "
        "Secure de producción viajan; no se relaja nada del servidor.",
        "",
    ]
    partes += [
        "## Resumen",
        "",
        tabla_markdown(["meta", "resultado"], filas_resumen(resultados)),
        "",
        "## Metas no cumplidas",
        "",
    ]
    fallas = []
    bloques = []
    for escala in resultados["paginas"]:
        encabezado, filas, fallas_escala = filas_paginas(resultados, escala)
        fallas += fallas_escala
        bloques += [
            f"### {ESCALAS[escala]}",
            "",
            tabla_markdown(encabezado, filas, derecha={2, 3, 4, 5, 6, 7, 8, 11}),
            "",
        ]
    enc_inf, filas_inf, fallas_inf = filas_informes(resultados)
    fallas += fallas_inf
    if resultados.get("trabajador") and "error" not in resultados["trabajador"]:
        fallas += filas_trabajador(resultados["trabajador"])[2]
    carga = resultados.get("carga")
    filas_c = []
    if carga and "error" not in carga:
        filas_c, fallas_c = filas_carga(carga)
        fallas += fallas_c
    elif carga:
        fallas.append(f"Carga (locust): no corrió: {carga['error']}")
    for fase, error in resultados.get("errores", {}).items():
        fallas.append(f"Fase «{fase}» falló: {error}")
    partes += [f"- {f}" for f in fallas] if fallas else ["Ninguna."]
    partes += ["", "## 1. Carga de datos", ""]
    partes.append(
        tabla_markdown(
            [
                "escala",
                "comando",
                "migrate s",
                "seed_demo s (pared)",
                "seed_demo s (interno)",
                "VACUUM ANALYZE s",
                "datos",
            ],
            [
                [
                    ESCALAS[e],
                    d["comando"],
                    _seg(d.get("migrar_s")),
                    _seg(d.get("sembrar_s")),
                    _seg(d.get("sembrar_interno_s")),
                    _seg(d.get("analizar_s")),
                    "; ".join(d.get("lineas", [])),
                ]
                for e, d in resultados["escalas"].items()
            ],
            derecha={2, 3, 4, 5},
        )
    )
    enc_p, filas_p = filas_pisos(resultados)
    partes += [
        "",
        "## 2. Páginas",
        "",
        f"Metas: mediana ≤ {FACTOR_PISO:.0f}× el piso del mismo usuario y no mayor que la del "
        "admin; las mismas consultas en ambas escalas. Tiempos en milisegundos.",
        "",
        "### Piso",
        "",
        tabla_markdown(enc_p, filas_p, derecha={2, 3, 4, 5}),
        "",
        *bloques,
        "## 3. Informes",
        "",
        f"Meta: el PDF semestral de Valparaíso en menos de {PDF_SEMESTRAL_S:.0f} s "
        "(`build_report semestral --region 05 --period 2026-S1`; el mensual es `--period "
        "2026-10`).",
        "",
        tabla_markdown(enc_inf, filas_inf, derecha={2, 3, 4, 5, 6, 7, 8}),
        "",
    ]
    t = resultados.get("trabajador")
    if t and "error" not in t:
        enc_t, filas_t, _ = filas_trabajador(t)
        partes += [
            tabla_markdown(enc_t, filas_t, derecha={2, 3, 4, 5, 6}),
            "",
            f"Memoria del worker (VmHWM, pico de RSS del proceso, que con `--pool=solo` es el "
            f"que genera): {t['vmhwm_inicio_mib']:.0f} MiB al quedar listo, "
            f"{t['vmhwm_mib']:.0f} MiB tras los informes.",
            "",
        ]
    elif t:
        partes += [f"Worker Celery: no se pudo medir: {t['error']}", ""]
    partes += ["## 4. Carga (locust)", ""]
    if filas_c:
        partes += [
            tabla_markdown(["", "valor", "meta"], filas_c),
            "",
            "Cifras exactas de cada petición medida por locust tras el ingreso de todos (estado "
            "estable). Por página:",
            "",
            tabla_markdown(
                ["página", "peticiones", "p50 ms", "p95 ms", "errores"],
                [
                    [n, d["n"], ms(d["p50_ms"]), ms(d["p95_ms"]), d["errores"]]
                    for n, d in carga["por_pagina"].items()
                ],
                derecha={1, 2, 3, 4},
            ),
            "",
        ]
    else:
        partes += ["No corrió.", ""]
    partes += ["## Análisis", "", ANALISIS_INICIO, analisis, ANALISIS_FIN, ""]
    return "\n".join(partes)


def resumen_texto(resultados: dict) -> str:
    """What `make bench` prints at the end: the same tables, for a terminal."""
    lineas = [""]
    for e, d in resultados["escalas"].items():
        lineas.append(
            f"Datos {ESCALAS[e]}: migrate {_seg(d.get('migrar_s'))} s, seed_demo "
            f"{_seg(d.get('sembrar_s'))} s"
        )
    fallas = []
    for escala in resultados["paginas"]:
        encabezado, filas, f = filas_paginas(resultados, escala)
        fallas += f
        pisos = ", ".join(
            f"{u} {ms(p['mediana_ms'])}" for u, p in resultados["paginas"][escala]["pisos"].items()
        )
        lineas += [
            "",
            f"Páginas, {ESCALAS[escala]} (ms; piso: {pisos})",
            tabla_texto(
                encabezado,
                [[*f[:1], f[1].split(" `")[0], *f[2:]] for f in filas],
                derecha={2, 3, 4, 5, 6, 7, 8},
            ),
        ]
    enc, filas, f = filas_informes(resultados)
    fallas += f
    lineas += ["", "Informes", tabla_texto(enc, filas, derecha={2, 3, 4, 5, 6, 7, 8})]
    t = resultados.get("trabajador")
    if t and "error" not in t:
        enc_t, filas_t, f = filas_trabajador(t)
        fallas += f
        lineas += [
            "",
            f"Worker Celery (VmHWM {t['vmhwm_mib']:.0f} MiB)",
            tabla_texto(enc_t, filas_t, derecha={2, 3, 4, 5, 6}),
        ]
    carga = resultados.get("carga")
    if carga and "error" not in carga:
        filas_c, f = filas_carga(carga)
        fallas += f
        lineas += ["", "Carga (locust)", tabla_texto(["", "valor", "meta"], filas_c)]
    for fase, error in resultados.get("errores", {}).items():
        fallas.append(f"Fase «{fase}» falló: {error}")
    lineas += ["", "Resumen", tabla_texto(["meta", "resultado"], filas_resumen(resultados))]
    lineas += ["", "Metas no cumplidas:" if fallas else "Todas las metas se cumplen."]
    lineas += [f"  - {x}" for x in fallas]
    return "\n".join(lineas)


def main(argv=None) -> None:
    """Rewrites the Markdown from a saved run: `python -m bench.reporte var/bench/resultados.json
    docs/benchmarks.md` (after editing the analysis, say)."""
    import json
    import sys
    from pathlib import Path

    origen, destino = (argv or sys.argv[1:])[:2]
    resultados = json.loads(Path(origen).read_text(encoding="utf-8"))
    destino = Path(destino)
    anterior = destino.read_text(encoding="utf-8") if destino.exists() else None
    destino.write_text(markdown(resultados, conservar_analisis(anterior)), encoding="utf-8")


if __name__ == "__main__":
    main()
