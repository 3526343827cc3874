"""docker-compose.yml, checked by reading (Docker does not run here): the scaled-out stack."""

from pathlib import Path

import yaml

RAIZ = Path(__file__).resolve().parents[2]


def _servicios() -> dict:
    return yaml.safe_load((RAIZ / "docker-compose.yml").read_text())["services"]


def test_dos_replicas_web_detras_de_nginx_y_dos_workers():
    servicios = _servicios()

    assert servicios["web"]["deploy"]["replicas"] == 2
    assert servicios["worker"]["deploy"]["replicas"] == 2
    assert "ports" not in servicios["web"]  # only nginx is published
    assert servicios["nginx"]["ports"]
    montajes = servicios["nginx"]["volumes"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in montajes
    assert "./deploy/mesas_proxy.inc:/etc/nginx/conf.d/mesas_proxy.inc:ro" in montajes


def test_las_migraciones_corren_una_vez_antes_de_las_replicas():
    servicios = _servicios()

    assert "migrate" not in servicios["web"]["command"]
    assert servicios["migrate"]["command"].startswith("python manage.py migrate")
    assert servicios["web"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }


def test_la_salud_y_las_metricas_de_la_web():
    web = _servicios()["web"]

    assert "/salud/listo" in " ".join(web["healthcheck"]["test"])
    assert web["environment"]["PROMETHEUS_MULTIPROC_DIR"]
    assert "PROMETHEUS_MULTIPROC_DIR" in web["command"]
    assert web["environment"]["LOG_FORMAT"] == "json"
