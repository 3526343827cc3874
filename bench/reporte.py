"""docs/benchmarks.md and the terminal summary, from the results bench.correr gathers (pure).

The section between ANALISIS_INICIO and ANALISIS_FIN is written by a person (causes and fixes of
the misses); a new run keeps it as it was.
"""

from __future__ import annotations

from bench.estadistica import (
    ACELERACION_META,
    CRECIMIENTO_MAX,
    P95_CARGA_MS,
    PDF_SEMESTRAL_S,
    RSS_META_MB,
    USUARIOS_META,
    duracion,
    evaluar_crecimiento,
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
# bench.lighthouse writes its own section between these markers, after bench.correr.
LIGHTHOUSE_INICIO, LIGHTHOUSE_FIN = "<!-- lighthouse: inicio -->", "<!-- lighthouse: fin -->"
ESCALAS = {
    "demo": "Valparaíso (demo)",
    "nacional": "nacional (16 regiones, 5 años)",
    "nacional10": "nacional (16 regiones, 10 años)",
}
MB_POR_MIB = 1.048576


def conservar_analisis(anterior: str | None) -> str:
    """The hand-written analysis of a previous docs/benchmarks.md (or the placeholder)."""
    if anterior and ANALISIS_INICIO in anterior and ANALISIS_FIN in anterior:
        return anterior.split(ANALISIS_INICIO, 1)[1].split(ANALISIS_FIN, 1)[0].strip()
    return ANALISIS_VACIO


def conservar_lighthouse(anterior: str | None) -> str:
    """bench.lighthouse's section of a previous docs/benchmarks.md, markers included, so that
    rewriting the document keeps it in place until bench.lighthouse replaces it."""
    if anterior and LIGHTHOUSE_INICIO in anterior and LIGHTHOUSE_FIN in anterior:
        dentro = anterior.split(LIGHTHOUSE_INICIO, 1)[1].split(LIGHTHOUSE_FIN, 1)[0]
        return f"{LIGHTHOUSE_INICIO}{dentro}{LIGHTHOUSE_FIN}"
    return ""


def _seg(valor) -> str:
    return "—" if valor is None else f"{valor:.2f}"


def _desglose(fila: dict) -> str:
    if fila.get("sql_ms") is None:
        return "—"
    return f"{fila['sql_ms']:.0f} / {fila['plantilla_ms']:.0f} / {fila['resto_ms']:.0f}"


def filas_paginas(resultados: dict, escala: str) -> tuple[list[str], list[list], list[str]]:
    """Header, rows and misses of one scale's page table."""
    datos = resultados["paginas"][escala]
    otra = resultados["paginas"].get("demo") if escala != "demo" else None
    consultas_demo = {p["clave"]: p["consultas"] for p in otra["paginas"]} if otra else {}
    encabezado = [
        "usuario",
        "página",
        "mediana ms",
        "p95 ms",
        "consultas",
        "SQL / plantilla / resto ms",
        "admin ms",
        "admin consultas",
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
            ms(p.get("admin_ms")),
            p.get("admin_consultas", "—"),
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


def filas_crecimiento(resultados: dict) -> tuple[list[str], list[list], list[str]]:
    """Each page on 10 years of national data against 5 years: median ≤ 1.2×, equal queries."""
    paginas = resultados["paginas"]
    if "nacional" not in paginas or "nacional10" not in paginas:
        return [], [], []
    cinco = {p["clave"]: p for p in paginas["nacional"]["paginas"]}
    encabezado = [
        "usuario",
        "página",
        "5 años ms",
        "10 años ms",
        "10 / 5 años",
        f"≤ {CRECIMIENTO_MAX:g}×",
        "consultas 5 años",
        "consultas 10 años",
        "= consultas",
    ]
    filas, fallas = [], []
    for diez in paginas["nacional10"]["paginas"]:
        c = cinco.get(diez["clave"])
        if c is None:
            continue
        e = evaluar_crecimiento(c, diez)
        filas.append(
            [
                diez["usuario"],
                diez["nombre"],
                ms(c["mediana_ms"]),
                ms(diez["mediana_ms"]),
                "—" if e["razon"] is None else f"{e['razon']:.2f}×",
                marca(e["tiempo"]),
                c["consultas"],
                diez["consultas"],
                marca(e["consultas"]),
            ]
        )
        fallas += [f"Crecimiento · {diez['usuario']} · {diez['nombre']}: {f}" for f in e["fallas"]]
    return encabezado, filas, fallas


def _cpu_texto(cpu: dict | None) -> str:
    if not cpu:
        return "—"
    return (
        f"{cpu['uso'] * 100:.0f} % (gunicorn + PostgreSQL {cpu['nucleos_prueba']:.2f}, "
        f"locust {cpu.get('locust_nucleos', 0):.2f} núcleos)"
    )


def _rodilla_texto(carga: dict) -> str:
    if carga["rodilla"] is None:
        return "ningún escalón cumplió"
    return f"la rodilla es {carga['rodilla']} usuarios"


def filas_rodilla(carga: dict) -> tuple[list[str], list[list], list[str]]:
    """One row per step of the capacity knee, and the miss if the knee is under the target."""
    encabezado = [
        "usuarios",
        "páginas / s",
        "p50 ms",
        "p95 ms",
        "errores",
        "CPU de la máquina (de eso: servidor, locust)",
        f"p95 < {P95_CARGA_MS:.0f} ms y 0 errores",
    ]
    filas = [
        [
            e["usuarios"],
            f"{e['rps']:.1f}",
            ms(e["p50_ms"]),
            ms(e["p95_ms"]),
            e["errores"],
            _cpu_texto(e.get("cpu")),
            marca(e["ok"]),
        ]
        for e in carga["escalones"]
    ]
    fallas = []
    if carga["rodilla"] is None or carga["rodilla"] < USUARIOS_META:
        fallas.append(f"Capacidad: {_rodilla_texto(carga)} (meta ≥ {USUARIOS_META})")
    return encabezado, filas, fallas


def _mb(mib: float) -> float:
    return mib * MB_POR_MIB


def filas_regiones(r: dict) -> tuple[list[str], list[list], list[str]]:
    encabezado = [
        "workers",
        "informes",
        "pared s",
        "ideal s (más largos primero)",
        "informes por worker (s ocupado)",
        "CPU de los workers s",
        "CPU de PostgreSQL s",
        "máquina ocupada",
        "RSS máx. por worker MB",
        f"< {RSS_META_MB:.0f} MB",
    ]
    filas, fallas = [], []
    for d in r["resultados"]:
        diag = d.get("diagnostico") or {}
        reparto = ", ".join(
            f"{w['informes']} ({w['ocupado_s']:.1f} s)" for w in diag.get("por_worker", {}).values()
        )
        rss = [_mb(m) for m in d["vmhwm_mib"]]
        rss_ok = max(rss) < RSS_META_MB
        if not rss_ok:
            fallas.append(
                f"Informes de las regiones: RSS máx. de un worker {max(rss):.0f} MB ≥ "
                f"{RSS_META_MB:.0f} MB ({d['trabajadores']} workers)"
            )
        filas.append(
            [
                d["trabajadores"],
                f"{d['informes']} ({', '.join(f'{k} {v}' for k, v in d['estados'].items())})",
                _seg(d["pared_s"]),
                _seg(diag.get("ideal_s")),
                reparto or "—",
                ", ".join(f"{c:.1f}" for c in d.get("cpu_workers_s", [])) or "—",
                _seg(d.get("cpu_postgres_s")),
                f"{d['maquina_ocupada'] * 100:.0f} %" if "maquina_ocupada" in d else "—",
                ", ".join(f"{m:.0f}" for m in rss),
                marca(rss_ok),
            ]
        )
    if r["aceleracion"] < ACELERACION_META:
        fallas.append(
            f"Informes de las regiones: aceleración con 2 workers {r['aceleracion']:.2f}× "
            f"< {ACELERACION_META:g}×"
        )
    return encabezado, filas, fallas


def filas_resumen(resultados: dict) -> list[list]:
    """One line per target."""
    filas = []
    for escala in resultados["paginas"]:
        _, filas_p, _ = filas_paginas(resultados, escala)
        total = len(filas_p)
        admin = sum(1 for f in filas_p if f[8] == "sí")
        con_admin = sum(1 for f in filas_p if f[8] != "—")
        filas.append([f"páginas ≤ admin, {ESCALAS[escala]}", f"{admin} de {con_admin}"])
        if escala != "demo" and "demo" in resultados["paginas"]:
            iguales = sum(1 for f in filas_p if f[10] == "sí")
            filas.append(
                [f"mismas consultas que la demo, {ESCALAS[escala]}", f"{iguales} de {total}"]
            )
    _, filas_c, _ = filas_crecimiento(resultados)
    if filas_c:
        tiempo = sum(1 for f in filas_c if f[5] == "sí")
        consultas = sum(1 for f in filas_c if f[8] == "sí")
        filas.append(
            [f"10 años: mediana ≤ {CRECIMIENTO_MAX:g}× la de 5 años", f"{tiempo} de {len(filas_c)}"]
        )
        filas.append(["10 años: mismas consultas que 5 años", f"{consultas} de {len(filas_c)}"])
    carga = resultados.get("carga")
    if carga and "error" not in carga:
        filas.append(
            [
                f"capacidad: usuarios con p95 < {P95_CARGA_MS:.0f} ms y 0 errores "
                f"(meta ≥ {USUARIOS_META})",
                (str(carga["rodilla"]) if carga["rodilla"] else "ningún escalón cumplió")
                + (
                    f" (se probó hasta {carga['escalones'][-1]['usuarios']})"
                    if carga["escalones"]
                    else ""
                ),
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
    a = resultados.get("arranque")
    if a and "error" not in a:
        filas.append(
            [
                "arranque de un proceso web / de un worker",
                f"{a['web']['segundos']:.2f} s / {a['worker']['segundos']:.2f} s",
            ]
        )
    r = resultados.get("regiones")
    if r and "error" not in r:
        uno, dos = r["resultados"][0], r["resultados"][1]
        rss = max(_mb(m) for d in r["resultados"] for m in d["vmhwm_mib"])
        filas.append(
            [
                f"informes mensuales de las regiones: aceleración con 2 workers ≥ "
                f"{ACELERACION_META:g}×",
                f"{r['aceleracion']:.2f}× ({uno['pared_s']:.1f} s con 1, "
                f"{dos['pared_s']:.1f} s con 2; {uno['informes']} informes)",
            ]
        )
        filas.append([f"RSS máx. de un worker < {RSS_META_MB:.0f} MB", f"{rss:.0f} MB"])
    return filas


def _metodo(c: dict) -> list[str]:
    return [
        "## Cómo se mide",
        "",
        "- **Datos**: bases nuevas en el servidor de `DATABASE_URL` (`mesas_bench` nacional de 5 "
        "años, `mesas_bench_10` nacional de 10 años, `mesas_bench_demo` Valparaíso), `migrate`, "
        "`seed_demo` (sin límite de tiempo por consulta: `DB_STATEMENT_TIMEOUT=0`) y luego "
        "`VACUUM ANALYZE` (las estadísticas del planificador que autovacuum reuniría solo en "
        "producción). Los objetos con id son de Valparaíso: la mesa regional, su última sesión "
        "realizada y la próxima programada, su serie, la mesa comunal y el plan más reciente de "
        "Limache, el primer convenio y encuentro de la región, la última visita planificada y su "
        "empresa, un programa de SENADIS de la región.",
        f"- **Páginas**: listas, detalles y formularios de edición, en el mismo proceso, con "
        f"`django.test.Client` sobre la configuración de producción (`config.settings."
        f"production`: DEBUG apagado, todo el middleware, conexiones persistentes, plantillas en "
        f"caché), sin instrumentar plantillas. {c['calentamiento']} rondas de calentamiento y "
        f"{c['repeticiones']} medidas por página; se informa la mediana y el p95 del tiempo de "
        "servidor, y las consultas SQL de una petición más (CaptureQueriesContext).",
        "- **Admin**: la página del admin de Django (como `admin`) de los mismos objetos: el "
        "listado filtrado a Valparaíso para las listas, el formulario de cambio del mismo objeto "
        "para los detalles y los formularios de edición, el índice del admin para el inicio. "
        "Meta: ninguna página más lenta que la del admin.",
        "- **Piso** (solo como referencia, ya no es meta): `/cuenta/password_change/done/`, la "
        "página autenticada más barata (plantilla base, menú, sesión y middleware, sin consultas "
        "propias).",
        "- **Desglose** (SQL / plantilla / resto, medianas de 5 peticiones más): tiempo dentro de "
        "las consultas; de renderizar plantillas sin el SQL que disparan; y el resto (middleware, "
        "vista, armado de consultas del ORM, instancias de modelos).",
        f"- **Crecimiento**: las mismas páginas sobre 10 años de datos nacionales; meta: cada "
        f"mediana ≤ {CRECIMIENTO_MAX:g}× la de 5 años y las mismas consultas.",
        "- **Informes**: `manage.py build_report` (mismo código que la tarea), que imprime sus "
        "fases, consultas y memoria máxima; además un worker real (`celery -A config worker "
        "--pool=solo` sobre Redis) genera dos semestrales seguidos y se lee su VmHWM en /proc.",
        f"- **Capacidad**: gunicorn (gthread, {c.get('workers', 3)} workers × {c.get('hilos', 4)} "
        "hilos: un proceso más que núcleos para que una espera de PostgreSQL no deje un núcleo "
        "ocioso, e hilos que solapan esas esperas y mantienen vivas las conexiones) con la "
        "configuración de producción en 127.0.0.1 y la base nacional de 5 años. Un solo proceso "
        "locust sin interfaz (usuarios `FastHttpUser`, su cliente HTTP más barato en CPU) sube "
        "los usuarios por escalones "
        f"({', '.join(str(u) for u in c.get('escalones', []))}): cada escalón suma usuarios a "
        f"{c.get('tasa', 5):g}/s, cada uno ingresa con la contraseña de un usuario de demostración "
        "(articuladora, omil.limache, senadis, director, por turnos) y recorre las páginas de su "
        f"rol con {c['espera_min']:g}–{c['espera_max']:g} s de pausa; tras el último ingreso del "
        f"escalón y {c.get('asentar', 5)} s de asentamiento se mide una ventana estable de "
        f"{c.get('duracion', 45)} s. Los errores cuentan en todo el escalón (rampa e ingresos "
        "incluidos). "
        "El primer escalón con p95 ≥ 250 ms o algún error termina la corrida; la rodilla es el "
        "anterior. **locust corre en los mismos 2 núcleos** que gunicorn y PostgreSQL: la tabla "
        "muestra cuánta CPU tomó; un solo proceso (sin `--processes`) porque más procesos "
        "quitarían CPU al servidor sin hacer falta para estas tasas, y porque así las muestras "
        "exactas quedan en un proceso. Las peticiones llevan `X-Forwarded-Proto: https`, como "
        "detrás del proxy TLS; no se relaja nada del servidor.",
        "- **Arranque**: mediana de 5 intérpretes nuevos: un proceso web (configuración, apps, "
        "el manejador WSGI y todo el URLconf) y un worker (configuración, apps, los módulos de "
        "tareas y WeasyPrint, que su primer informe carga).",
        "- **Informes de las 16 regiones**: sobre la base nacional de 5 años, lo que beat hace el "
        'día 1 (`informes_programados("mensual")`) con 1 y con 2 workers `--pool=solo` '
        "(concurrencia 1, como los del compose), `acks_late` y prefetch 1; tiempo de pared desde "
        "encolar hasta el último informe listo, reparto de informes por worker, el tiempo ideal "
        "de las mismas duraciones con los más largos primero, CPU de los workers y VmHWM de cada "
        "uno.",
        "",
    ]


def markdown(resultados: dict, analisis: str, lighthouse: str = "") -> str:
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
        + ". Todo lo que sigue lo escribe el comando, salvo la sección «Análisis», que conserva, "
        "y la de Lighthouse, que escribe `bench.lighthouse` a continuación.",
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
        "Si otros procesos corren a la vez, la carga media de arriba lo muestra. Las páginas se "
        "miden intercaladas (una ronda de todas, luego la siguiente) para que esa carga caiga "
        "pareja sobre página, piso y admin.",
        "",
        *_metodo(c),
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
            tabla_markdown(encabezado, filas, derecha={2, 3, 4, 5, 6, 7, 9}),
            "",
        ]
        omitidas = resultados["paginas"][escala].get("contexto", {}).get("omitidas", [])
        if omitidas:
            bloques += [
                "Sin medir en esta escala (faltan sus objetos en los datos): "
                + "; ".join(f"`{o['clave']}` ({o['motivo']})" for o in omitidas)
                + ".",
                "",
            ]
    enc_cr, filas_cr, fallas_cr = filas_crecimiento(resultados)
    fallas += fallas_cr
    enc_inf, filas_inf, fallas_inf = filas_informes(resultados)
    fallas += fallas_inf
    if resultados.get("trabajador") and "error" not in resultados["trabajador"]:
        fallas += filas_trabajador(resultados["trabajador"])[2]
    carga = resultados.get("carga")
    if carga and "error" not in carga:
        enc_k, filas_k, fallas_k = filas_rodilla(carga)
        fallas += fallas_k
    elif carga:
        fallas.append(f"Capacidad (locust): no corrió: {carga['error']}")
    regiones = resultados.get("regiones")
    if regiones and "error" not in regiones:
        enc_r, filas_r, fallas_r = filas_regiones(regiones)
        fallas += fallas_r
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
        "Metas: mediana no mayor que la del admin para los mismos objetos; las mismas consultas "
        "a escala de Valparaíso y nacional. Tiempos en milisegundos.",
        "",
        "### Piso (referencia)",
        "",
        tabla_markdown(enc_p, filas_p, derecha={2, 3, 4, 5}),
        "",
        *bloques,
        "## 3. Crecimiento: 10 años de datos nacionales",
        "",
    ]
    if filas_cr:
        partes += [tabla_markdown(enc_cr, filas_cr, derecha={2, 3, 4, 6, 7}), ""]
    else:
        partes += ["No se midió (hace falta la escala nacional de 5 y de 10 años).", ""]
    partes += [
        "## 4. Informes",
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
    partes += ["## 5. Capacidad (locust por escalones)", ""]
    if carga and "error" not in carga:
        partes += [
            f"Rodilla: **{carga['rodilla'] or 'ningún escalón cumplió:'} usuarios** con p95 < "
            f"{P95_CARGA_MS:.0f} ms y 0 errores (meta ≥ {USUARIOS_META}). gunicorn gthread, "
            f"{carga['workers']} workers × {carga['hilos']} hilos, {carga['escala_nombre']}; "
            f"errores en toda la corrida: {carga['errores_totales']} de {carga['peticiones']} "
            "peticiones.",
            "",
            tabla_markdown(enc_k, filas_k, derecha={0, 1, 2, 3, 4}),
            "",
        ]
        detalle = carga.get("detalle")
        if detalle:
            partes += [
                f"Por página, en la ventana estable del escalón de {carga['por_pagina_usuarios']} "
                f"usuarios (ingresos: p50 {ms(detalle['login']['p50_ms'])} ms, p95 "
                f"{ms(detalle['login']['p95_ms'])} ms, {detalle['login']['n']} en su rampa):",
                "",
                tabla_markdown(
                    ["página", "peticiones", "p50 ms", "p95 ms", "errores"],
                    [
                        [n, d["n"], ms(d["p50_ms"]), ms(d["p95_ms"]), d["errores"]]
                        for n, d in detalle["por_pagina"].items()
                    ],
                    derecha={1, 2, 3, 4},
                ),
                "",
            ]
    else:
        partes += ["No corrió.", ""]
    partes += ["## 6. Arranque de los procesos", ""]
    a = resultados.get("arranque")
    if a and "error" not in a:
        partes += [
            tabla_markdown(
                ["proceso", "segundos (mediana de 5)", "WeasyPrint cargado"],
                [
                    [
                        "web (apps, WSGI y todo el URLconf)",
                        f"{a['web']['segundos']:.2f}",
                        "sí" if a["web"]["weasyprint"] else "no",
                    ],
                    [
                        "worker (apps, tareas y WeasyPrint)",
                        f"{a['worker']['segundos']:.2f}",
                        "sí" if a["worker"]["weasyprint"] else "no",
                    ],
                ],
                derecha={1},
            ),
            "",
        ]
    else:
        partes += ["No corrió." if not a else f"No se pudo medir: {a['error']}", ""]
    partes += ["## 7. Informes mensuales de las 16 regiones con 1 y 2 workers", ""]
    if regiones and "error" not in regiones:
        partes += [
            f"Periodo {regiones['resultados'][0]['periodo']}, "
            f"{ESCALAS.get(regiones.get('escala'), regiones.get('escala'))}. Aceleración con 2 "
            f"workers: **{regiones['aceleracion']:.2f}×** (meta ≥ {ACELERACION_META:g}×). RSS "
            f"en MB (10⁶ bytes; VmHWM de /proc).",
            "",
            tabla_markdown(enc_r, filas_r, derecha={0, 2, 3, 6}),
            "",
        ]
    else:
        partes += ["No corrió." if not regiones else f"No se pudo medir: {regiones['error']}", ""]
    partes += ["## Análisis", "", ANALISIS_INICIO, analisis, ANALISIS_FIN, ""]
    if lighthouse:
        partes += [lighthouse, ""]
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
            f"Páginas, {ESCALAS[escala]} (ms; piso, como referencia: {pisos})",
            tabla_texto(
                encabezado,
                [[*f[:1], f[1].split(" `")[0], *f[2:]] for f in filas],
                derecha={2, 3, 4, 5, 6, 7},
            ),
        ]
    enc, filas, f = filas_crecimiento(resultados)
    fallas += f
    if filas:
        lineas += ["", "Crecimiento (10 años / 5 años)", tabla_texto(enc, filas, {2, 3, 4, 6, 7})]
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
        enc_k, filas_k, f = filas_rodilla(carga)
        fallas += f
        lineas += [
            "",
            f"Capacidad ({_rodilla_texto(carga)})",
            tabla_texto(enc_k, filas_k, derecha={0, 1, 2, 3, 4}),
        ]
    r = resultados.get("regiones")
    if r and "error" not in r:
        enc_r, filas_r, f = filas_regiones(r)
        fallas += f
        lineas += [
            "",
            f"Informes de las regiones (aceleración {r['aceleracion']:.2f}×)",
            tabla_texto(enc_r, filas_r, derecha={0, 2, 3}),
        ]
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
    documento = markdown(resultados, conservar_analisis(anterior), conservar_lighthouse(anterior))
    destino.write_text(documento, encoding="utf-8")


if __name__ == "__main__":
    main()
