"""The pure parts of `make bench` (statistics, targets, tables, configuration). No timing here:
benchmarks are a command, not timed assertions (STYLE.md)."""

import pytest

from bench.correr import Config
from bench.estadistica import (
    Escalonador,
    evaluar_carga,
    evaluar_crecimiento,
    evaluar_pagina,
    leer_build_report,
    mediana,
    percentil,
    reparto_lpt,
    resumen_ms,
    resumir_escalones,
    resumir_locust,
    rodilla,
    tabla_markdown,
    tabla_texto,
)
from bench.reporte import (
    ANALISIS_FIN,
    ANALISIS_INICIO,
    LIGHTHOUSE_FIN,
    LIGHTHOUSE_INICIO,
    conservar_analisis,
    conservar_lighthouse,
    filas_regiones,
    markdown,
)


def test_percentil_interpola_entre_rangos_como_numpy():
    valores = [10, 20, 30, 40]

    assert percentil(valores, 0) == 10
    assert percentil(valores, 100) == 40
    assert percentil(valores, 50) == 25
    assert percentil(valores, 95) == pytest.approx(38.5)
    assert mediana([3, 1, 2]) == 2


def test_percentil_sin_muestras_o_fuera_de_rango_es_un_error():
    with pytest.raises(ValueError):
        percentil([], 50)
    with pytest.raises(ValueError):
        percentil([1], 101)


def test_resumen_pasa_segundos_a_milisegundos():
    resumen = resumen_ms([0.010, 0.020, 0.030])

    assert resumen == {"mediana_ms": 20.0, "p95_ms": pytest.approx(29.0), "n": 3}


def test_pagina_que_cumple_todas_las_metas_aunque_pase_el_triple_del_piso():
    pagina = {"mediana_ms": 70.0, "piso_ms": 20.0, "admin_ms": 80.0, "consultas": 9}

    evaluacion = evaluar_pagina(pagina, consultas_otra_escala=9)

    assert evaluacion == {"admin": True, "escala": True, "fallas": []}


def test_pagina_lenta_y_con_consultas_que_crecen_dice_cada_falla():
    pagina = {"mediana_ms": 61.0, "piso_ms": 20.0, "admin_ms": 50.0, "consultas": 12}

    evaluacion = evaluar_pagina(pagina, consultas_otra_escala=9)

    assert evaluacion["admin"] is False
    assert evaluacion["escala"] is False
    assert evaluacion["fallas"] == [
        "mediana 61 ms > admin 50 ms",
        "consultas 9 (demo) ≠ 12 (nacional)",
    ]


def test_crecimiento_a_diez_anios_admite_hasta_un_veinte_por_ciento_y_las_mismas_consultas():
    cinco = {"mediana_ms": 20.0, "consultas": 8}

    assert evaluar_crecimiento(cinco, {"mediana_ms": 24.0, "consultas": 8})["fallas"] == []
    malo = evaluar_crecimiento(cinco, {"mediana_ms": 25.0, "consultas": 9})
    assert malo["razon"] == pytest.approx(1.25)
    assert malo["fallas"] == [
        "mediana 25 ms con 10 años = 1.25 × la de 5 años (20 ms) > 1.2×",
        "consultas 8 (5 años) ≠ 9 (10 años)",
    ]


def _escalones():
    """Three steps: 50 users fine, 100 fine, 200 with p95 over 250 ms (an error in its ramp)."""
    muestras = [["login (POST)", 300.0, True, 0.5], ["login (POST)", 900.0, False, 20.5]]
    muestras += [["a.inicio /", 40.0, True, 5.0 + i / 10] for i in range(50)]
    muestras += [["a.inicio /", 90.0, True, 15.0 + i / 10] for i in range(50)]
    muestras += [["a.inicio /", 400.0, True, 25.0 + i / 10] for i in range(50)]
    return {
        "ventana": {"inicio": 0.0, "fin": 30.0},
        "muestras": muestras,
        "escalones": [
            {"usuarios": 50, "inicio": 0.0, "estable": 4.0, "fin": 10.0},
            {"usuarios": 100, "inicio": 10.0, "estable": 14.0, "fin": 20.0},
            {"usuarios": 200, "inicio": 20.0, "estable": 24.0, "fin": 30.0},
        ],
    }


def test_la_rodilla_es_el_ultimo_escalon_con_p95_bajo_250_ms_y_sin_errores():
    escalones = resumir_escalones(_escalones())

    assert [e["usuarios"] for e in escalones] == [50, 100, 200]
    assert [e["ok"] for e in escalones] == [True, True, False]
    assert escalones[0]["rps"] == pytest.approx(50 / 6)
    assert escalones[1]["p95_ms"] == 90.0
    assert escalones[2]["errores"] == 1
    assert rodilla(escalones) == 100
    assert rodilla(escalones[2:]) is None


def test_el_reparto_ideal_pone_primero_los_informes_largos():
    assert reparto_lpt([5.0, 1.0, 1.0, 1.0, 1.0, 1.0], 2) == 5.0
    assert reparto_lpt([3.0, 3.0, 2.0, 2.0, 2.0], 2) == 7.0
    assert reparto_lpt([1.0, 2.0], 1) == 3.0


def test_pagina_sin_admin_ni_otra_escala_no_se_evalua_en_eso():
    pagina = {"mediana_ms": 5.0, "piso_ms": 4.0, "admin_ms": None, "consultas": 3}

    evaluacion = evaluar_pagina(pagina)

    assert evaluacion["admin"] is None
    assert evaluacion["escala"] is None


def test_carga_con_errores_o_p95_alto_no_cumple():
    assert evaluar_carga({"p95_ms": 249.9, "errores": 0})["fallas"] == []
    assert evaluar_carga({"p95_ms": 250.0, "errores": 2})["fallas"] == [
        "p95 250 ms ≥ 250 ms",
        "2 errores",
    ]


def test_lee_las_fases_que_imprime_build_report():
    salida = (
        "cifras:        0.412 s  (37 consultas)\n"
        "html:          0.051 s\n"
        "weasyprint:    2.907 s\n"
        "total:         3.370 s  ·  212 KiB  ·  memoria máxima 158 MiB\n"
        "sha256:      abc\n"
    )

    assert leer_build_report(salida) == {
        "cifras_s": 0.412,
        "consultas": 37,
        "html_s": 0.051,
        "pdf_s": 2.907,
        "total_s": 3.37,
        "kib": 212,
        "memoria_mib": 158,
    }


def test_una_linea_que_falta_en_build_report_queda_vacia():
    assert leer_build_report("total:  1.000 s")["consultas"] is None


def test_locust_mide_paginas_en_estado_estable_e_ingresos_aparte():
    datos = {
        "ventana": {"inicio": 0.0, "estable": 10.0, "fin": 20.0},
        "muestras": [
            ["login (POST)", 300.0, True, 1.0],
            ["a.inicio /", 999.0, True, 5.0],  # before every user was in: not counted
            ["a.inicio /", 40.0, True, 11.0],
            ["a.mesas /mesas/", 20.0, True, 12.0],
            ["a.mesas /mesas/", 30.0, False, 13.0],
        ],
    }

    resumen = resumir_locust(datos)

    assert resumen["n"] == 3
    assert resumen["p50_ms"] == 30.0
    assert resumen["rps"] == pytest.approx(0.3)
    assert resumen["errores"] == 1
    assert resumen["peticiones"] == 5
    assert resumen["login"] == {"n": 1, "p50_ms": 300.0, "p95_ms": 300.0}
    assert resumen["por_pagina"]["a.mesas /mesas/"]["errores"] == 1


def test_tablas_markdown_y_de_terminal():
    markdown_ = tabla_markdown(["página", "ms"], [["a|b", 12]], derecha={1})
    texto = tabla_texto(["página", "ms"], [["inicio", 12], ["x", 7]], derecha={1})

    assert markdown_ == "| página | ms |\n|---|---:|\n| a\\|b | 12 |"
    assert texto == "página  ms\n------  --\ninicio  12\nx        7"


def test_el_analisis_escrito_a_mano_se_conserva():
    anterior = f"# T\n\n{ANALISIS_INICIO}\nLa portada hace 30 consultas.\n{ANALISIS_FIN}\n"

    assert conservar_analisis(anterior) == "La portada hace 30 consultas."
    assert conservar_analisis(None).startswith("_Sin análisis")


def _resultados():
    pagina = {
        "clave": "a.inicio",
        "usuario": "articuladora",
        "nombre": "Inicio",
        "url": "/",
        "mediana_ms": 90.0,
        "p95_ms": 120.0,
        "consultas": 30,
        "piso_ms": 20.0,
        "admin_ms": 40.0,
        "admin_consultas": 8,
    }
    piso = {"articuladora": {"mediana_ms": 20.0, "p95_ms": 25.0, "consultas": 7}}
    return {
        "rapido": True,
        "fecha": "25-11-2026 12:00 -03",
        "duracion_s": 75.0,
        "maquina": {
            "cpu": "AMD EPYC",
            "nucleos": 2,
            "ram_gib": 23.5,
            "postgresql": "15.20",
            "python": "3.11.7",
            "django": "5.2",
            "sistema": "Linux",
            "carga_inicio": 1.0,
            "carga_fin": 2.0,
        },
        "config": {"repeticiones": 3, "calentamiento": 1, "espera_min": 1, "espera_max": 5},
        "escalas": {"demo": {"comando": "seed_demo --force", "migrar_s": 9.0, "sembrar_s": 4.0}},
        "paginas": {
            "demo": {"pisos": piso, "paginas": [pagina]},
            "nacional": {"pisos": piso, "paginas": [{**pagina, "consultas": 31}]},
        },
        "informes": [
            {"escala": "demo", "tipo": "semestral", "nombre": "semestral 2026-S1", "total_s": 6.0}
        ],
        "errores": {},
    }


def test_el_documento_marca_cada_meta_no_cumplida_y_conserva_el_analisis():
    documento = markdown(_resultados(), "Análisis de prueba.")

    assert "| CPU | núcleos |" in documento
    assert "piso (" not in documento  # 90 ms is 4.5 × the floor: no longer a target
    assert "mediana 90 ms > admin 40 ms" in documento
    assert "consultas 30 (demo) ≠ 31 (nacional)" in documento
    assert "PDF semestral de Valparaíso (Valparaíso (demo)): 6.00 s ≥ 5 s" in documento
    assert f"{ANALISIS_INICIO}\nAnálisis de prueba.\n{ANALISIS_FIN}" in documento


def test_la_corrida_rapida_usa_sus_propias_bases_en_el_servidor_de_database_url():
    config = Config({"BENCH_QUICK": "1", "DATABASE_URL": "postgres://u:clave@db:5433/mesas"})

    assert config.escalas == ["demo"]
    assert config.escala_de_carga() == "demo"
    assert config.url_base("demo") == "postgres://u:clave@db:5433/mesas_bench_demo"
    assert config.escalones == [5, 10]
    assert config.duracion == 10
    assert str(config.salida).endswith("var/bench/benchmarks.md")


def test_la_corrida_completa_mide_tres_escalas_todas_las_fases_y_escribe_docs():
    config = Config({"DATABASE_URL": "sqlite:////tmp/x.sqlite3", "BENCH_ESCALONES": "50,150"})

    assert config.escalas == ["demo", "nacional", "nacional10"]
    assert config.url_base("nacional") == "postgres://postgres@127.0.0.1:5432/mesas_bench"
    assert config.url_base("nacional10") == "postgres://postgres@127.0.0.1:5432/mesas_bench_10"
    assert config.escala_de_carga() == "nacional"
    assert config.escalones == [50, 150]
    assert config.repeticiones == 30
    assert "arranque" in config.fases and "regiones" in config.fases
    assert str(config.salida).endswith("docs/benchmarks.md")


def test_la_siembra_corre_sin_limite_de_tiempo_por_consulta():
    config = Config({"BENCH_QUICK": "1"})

    assert config.entorno("demo", DB_STATEMENT_TIMEOUT="0")["DB_STATEMENT_TIMEOUT"] == "0"


def test_reescribir_el_documento_conserva_la_seccion_de_lighthouse():
    anterior = f"# T\n\n{LIGHTHOUSE_INICIO}\n## Lighthouse\n| x |\n{LIGHTHOUSE_FIN}\n"

    seccion = conservar_lighthouse(anterior)
    documento = markdown(_resultados(), "A.", seccion)

    assert seccion == f"{LIGHTHOUSE_INICIO}\n## Lighthouse\n| x |\n{LIGHTHOUSE_FIN}"
    assert documento.rstrip().endswith(seccion)
    assert conservar_lighthouse(None) == ""


def _regiones(pared_2: float, rss_mib: float = 180.0):
    def corrida(n, pared):
        return {
            "periodo": "2026-11",
            "trabajadores": n,
            "informes": 16,
            "estados": {"listo": 16},
            "pared_s": pared,
            "vmhwm_mib": [rss_mib] * n,
            "cpu_workers_s": [40.0] * n,
            "maquina_ocupada": 0.9,
            "diagnostico": {
                "por_worker": {
                    str(i): {"informes": 16 // n, "ocupado_s": 48.0 / n} for i in range(n)
                },
                "ideal_s": 48.0 / n,
            },
        }

    return {"resultados": [corrida(1, 50.0), corrida(2, pared_2)], "aceleracion": 50.0 / pared_2}


def test_las_regiones_marcan_poca_aceleracion_y_demasiada_memoria():
    assert filas_regiones(_regiones(27.0))[2] == []

    _, filas, fallas = filas_regiones(_regiones(44.0, rss_mib=390.0))

    assert filas[1][4] == "8 (24.0 s), 8 (24.0 s)"
    assert fallas == [
        "Informes de las regiones: RSS máx. de un worker 409 MB ≥ 400 MB (1 workers)",
        "Informes de las regiones: RSS máx. de un worker 409 MB ≥ 400 MB (2 workers)",
        "Informes de las regiones: aceleración con 2 workers 1.14× < 1.7×",
    ]


def test_el_documento_informa_rodilla_arranque_y_regiones():
    resultados = _resultados()
    resultados["config"].update(escalones=[50, 100, 200], tasa=5, duracion=45, asentar=5)
    resultados["carga"] = {
        "escalones": resumir_escalones(_escalones()),
        "rodilla": 100,
        "workers": 3,
        "hilos": 4,
        "escala_nombre": "base mesas_bench",
        "errores_totales": 1,
        "peticiones": 152,
    }
    resultados["arranque"] = {
        "web": {"segundos": 1.8, "weasyprint": False},
        "worker": {"segundos": 3.1, "weasyprint": True},
    }
    resultados["regiones"] = _regiones(44.0)

    documento = markdown(resultados, "A.")

    assert "Rodilla: **100 usuarios**" in documento
    assert "Capacidad: la rodilla es 100 usuarios (meta ≥ 300)" in documento
    assert "| arranque de un proceso web / de un worker | 1.80 s / 3.10 s |" in documento
    assert "aceleración con 2 workers 1.14× < 1.7×" in documento


def test_el_worker_informa_cada_informe_y_marca_el_lento():
    from bench.reporte import filas_trabajador

    trabajador = {
        "escala": "nacional",
        "informes": [
            {"estado": "listo", "worker_s": 5.2, "tiempos": {"cifras": 0.3, "pdf": 4.5}},
            {"estado": "listo", "worker_s": 2.1, "tiempos": {"cifras": 0.2, "pdf": 1.7}},
        ],
    }

    _, filas, fallas = filas_trabajador(trabajador)

    assert [f[-1] for f in filas] == ["**NO**", "sí"]
    assert fallas == [
        "PDF semestral de Valparaíso en el worker (1.º semestral 2026-S1, región 05 (en frío)): "
        "5.20 s ≥ 5 s"
    ]


def test_los_escalones_suben_asientan_miden_y_paran_en_el_primero_que_falla():
    hechos, muestras = [], []
    escalones = Escalonador([2, 4, 8], tasa=1, asentar=1, ventana=2, hechos=hechos)

    assert escalones.tick(100.0, 0, muestras) == (2, 1)  # ramp: users still logging in
    assert escalones.tick(101.0, 2, muestras) == (2, 1)  # all in: settle
    assert escalones.tick(102.0, 2, muestras) == (2, 1)  # steady window opens
    muestras.append(["a.inicio /", 50.0, True, 103.0])
    assert escalones.tick(104.0, 2, muestras) == (4, 1)  # window met the target: next step
    assert escalones.tick(105.0, 2, muestras) == (4, 1)
    assert escalones.tick(106.0, 4, muestras) == (4, 1)
    assert escalones.tick(107.0, 4, muestras) == (4, 1)
    muestras.append(["a.inicio /", 400.0, True, 108.0])
    assert escalones.tick(109.0, 4, muestras) is None  # p95 ≥ 250 ms: the run ends

    assert hechos == [
        {"usuarios": 2, "inicio": 100.0, "asentar": 101.0, "estable": 102.0, "fin": 104.0},
        {"usuarios": 4, "inicio": 105.0, "asentar": 106.0, "estable": 107.0, "fin": 109.0},
    ]


def test_un_error_en_la_rampa_hace_fallar_el_escalon():
    muestras = [["login (POST)", 900.0, False, 100.5], ["a.inicio /", 50.0, True, 103.0]]
    escalon = {"usuarios": 2, "inicio": 100.0, "estable": 102.0, "fin": 104.0}

    assert Escalonador.cumple(escalon, muestras) is False
    assert Escalonador.cumple({**escalon, "inicio": 101.0}, muestras) is True


def test_las_paginas_sin_sus_objetos_en_una_escala_se_nombran():
    resultados = _resultados()
    resultados["paginas"]["nacional"]["contexto"] = {
        "omitidas": [{"clave": "a.serie", "motivo": "la mesa regional no tiene series"}]
    }

    documento = markdown(resultados, "A.")

    assert "Sin medir en esta escala (faltan sus objetos en los datos): `a.serie` (la mesa " in (
        documento
    )
