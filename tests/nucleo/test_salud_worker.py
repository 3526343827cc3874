"""The request id follows a task into a real Celery worker, whose JSON log lines carry it."""

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import current_app
from django.db import connection
from django_guid import clear_guid, set_guid

from tests.conftest import falta_servicio

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    # send_task publishes even though the tests run tasks in-process: that is the point here.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]
RAIZ = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_propio(tmp_path):
    from bench.fallas import RedisPropio

    if shutil.which("redis-server") is None:
        falta_servicio("no está redis-server")
    if connection.vendor != "postgresql":
        falta_servicio("el worker necesita la misma base PostgreSQL que la prueba")
    propio = RedisPropio(tmp_path / "redis").iniciar()
    yield propio.url
    propio.detener()


def test_el_worker_registra_la_tarea_con_el_request_id_de_la_peticion(redis_propio, tmp_path):
    base = connection.settings_dict
    registro = tmp_path / "worker.log"
    with open(registro, "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-l", "info",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=RAIZ, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local",
                 "DATABASE_URL": f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/"
                                 f"{base['NAME']}",
                 "CELERY_BROKER_URL": redis_propio, "LOG_FORMAT": "json"},
        )  # fmt: skip
    try:
        limite = time.monotonic() + 120
        while "ready" not in registro.read_text(errors="replace"):
            assert worker.poll() is None and time.monotonic() < limite, registro.read_text()
            time.sleep(0.3)
        request_id = uuid.uuid4().hex
        set_guid(request_id)
        try:
            with current_app.connection_for_write(redis_propio) as conexion:
                current_app.send_task("nucleo.limpiar_tareas", connection=conexion)
        finally:
            clear_guid()
        limite = time.monotonic() + 60
        while "succeeded" not in registro.read_text(errors="replace"):
            assert time.monotonic() < limite, registro.read_text()[-3000:]
            time.sleep(0.3)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    lineas = [
        json.loads(linea) for linea in registro.read_text().splitlines() if linea.startswith("{")
    ]
    exito = next(linea for linea in lineas if "succeeded" in linea["mensaje"])
    assert "nucleo.limpiar_tareas" in exito["mensaje"]
    assert exito["request_id"] == request_id
