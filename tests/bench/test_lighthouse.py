"""bench.lighthouse: the loopback copy of deploy/nginx.conf, its Markdown section and how it is kept
in docs/benchmarks.md."""

import shutil
import subprocess

import pytest

from bench import lighthouse


def _medida(rendimiento=100, accesibilidad=100, kb=30.0, rtt=150):
    return {
        "rendimiento": rendimiento, "accesibilidad": accesibilidad, "kb": kb, "html_kb": 3.0,
        "html_kb_sin_comprimir": 20.0, "fcp_ms": 900, "lcp_ms": 1000, "tbt_ms": 0, "cls": 0.0,
        "peticiones": 4, "fallas_a11y": [], "oportunidades": [], "lighthouse": "12.2.3",
        "emulacion": "mobile", "throttling": "simulate", "rtt_ms": rtt, "kbps": 1638.4, "cpu": 4,
    }  # fmt: skip


def _pagina(nombre, ruta, usuario=None, **medidas):
    return {"nombre": nombre, "ruta": ruta, "usuario": usuario, "medidas": medidas}


def test_la_mediana_se_queda_con_la_ronda_del_medio():
    elegida = lighthouse.mediana([_medida(90), _medida(99), _medida(96)])

    assert elegida["rendimiento"] == 96
    assert elegida["rendimiento_rondas"] == [90, 99, 96]


def test_la_seccion_da_cada_pagina_en_cada_perfil_y_si_cumple_la_meta():
    resultados = [
        _pagina(
            "Inicio",
            "/oferta/",
            **{
                "4G lenta": lighthouse.mediana([_medida()]),
                "3G regular": lighthouse.mediana([_medida(rtt=300)]),
            },
        ),
        _pagina(
            "Acuerdos",
            "/mesas/acuerdos/",
            "articuladora",
            **{
                "4G lenta": lighthouse.mediana([_medida()]),
                "3G regular": lighthouse.mediana([_medida(91, rtt=300)]),
            },
        ),
    ]

    texto = lighthouse.markdown(resultados, "01-12-2026 01:00")

    assert texto.startswith(lighthouse.INICIO)
    assert "| Inicio (`/oferta/`) | — | 4G lenta | 100 (100) | 100 | 1000 ms | 30.0 |" in texto
    assert "| Acuerdos (`/mesas/acuerdos/`) | articuladora | 3G regular | 91 (91) |" in texto
    assert "«3G regular»: RTT 300 ms" in texto
    assert texto.count("NO cumple") == 1
    assert "Bajo la meta: Acuerdos (3G regular)." in texto


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


def test_la_copia_de_nginx_conf_solo_cambia_puertos_rutas_y_upstream(tmp_path):
    if not shutil.which("nginx"):
        pytest.skip("falta nginx (apt-get install nginx-light)")

    principal = lighthouse.configurar_nginx(tmp_path, 18106, "127.0.0.1:18107")

    sitio = (tmp_path / "sitio.conf").read_text()
    for nombre_docker in ("server web:8000", "listen 80;", "/etc/nginx/conf.d/", "/app/var/"):
        assert nombre_docker not in sitio
    assert "gzip_static on;" in sitio and "$html_sin_comprimir" in sitio
    prueba = subprocess.run(
        ["nginx", "-t", "-q", "-p", f"{tmp_path}/", "-c", str(principal)],
        capture_output=True,
        text=True,
    )
    assert prueba.returncode == 0, prueba.stderr
