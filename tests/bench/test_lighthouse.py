"""bench.lighthouse: its Markdown section and how it is kept in docs/benchmarks.md."""

from bench import lighthouse


def _medida(rendimiento=100, accesibilidad=100, kb=30.0):
    return {
        "rendimiento": rendimiento, "accesibilidad": accesibilidad, "kb": kb, "fcp_ms": 900,
        "lcp_ms": 1000, "tbt_ms": 0, "cls": 0.0, "peticiones": 4, "fallas_a11y": [],
        "lighthouse": "12.2.3", "emulacion": "mobile", "throttling": "simulate",
    }  # fmt: skip


def test_la_mediana_se_queda_con_la_ronda_del_medio():
    elegida = lighthouse.mediana([_medida(90), _medida(99), _medida(96)])

    assert elegida["rendimiento"] == 96
    assert elegida["rendimiento_rondas"] == [90, 99, 96]


def test_la_seccion_dice_si_cada_pagina_cumple_la_meta():
    resultados = [
        {"nombre": "Inicio", "ruta": "/oferta/", "medida": lighthouse.mediana([_medida()])},
        {"nombre": "Pesada", "ruta": "/x/", "medida": lighthouse.mediana([_medida(kb=150.0)])},
    ]

    texto = lighthouse.markdown(resultados, "01-12-2026 01:00")

    assert texto.startswith(lighthouse.INICIO)
    assert "| Inicio (`/oferta/`) | 100 (100) | 100 | 30.0 |" in texto
    assert texto.count("NO cumple") == 1


def test_la_seccion_reemplaza_la_anterior_sin_tocar_el_resto(tmp_path, monkeypatch):
    doc = tmp_path / "benchmarks.md"
    doc.write_text(
        f"# Mediciones\n\nantes\n\n{lighthouse.INICIO}\nvieja\n{lighthouse.FIN}\ndespués\n"
    )
    monkeypatch.setattr(lighthouse, "DOC", doc)

    lighthouse.escribir_doc(f"{lighthouse.INICIO}\nnueva\n{lighthouse.FIN}\n")

    texto = doc.read_text()
    assert "vieja" not in texto
    assert "nueva" in texto
    assert texto.startswith("# Mediciones\n\nantes") and texto.endswith("después\n")
