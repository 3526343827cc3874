"""make backup / make restore: a backup restored into a fresh database has the same rows and
byte-identical files."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from nucleo.management.commands.respaldo import conteo_de_filas, sumas_de_archivos
from tests.conftest import falta_servicio

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
RAIZ = Path(__file__).resolve().parents[2]


@pytest.fixture
def base_nueva():
    if connection.vendor != "postgresql":
        falta_servicio("el respaldo con pg_dump necesita PostgreSQL")
    datos = connection.settings_dict
    nombre = f"{datos['NAME']}_restaurada"
    conexion = dict(host=datos["HOST"], port=datos["PORT"], user=datos["USER"], dbname="postgres")
    with psycopg.connect(**conexion, autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{nombre}"')
        pg.execute(f'CREATE DATABASE "{nombre}"')
    yield f"postgres://{datos['USER']}@{datos['HOST']}:{datos['PORT']}/{nombre}"
    with psycopg.connect(**conexion, autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')


def test_respaldo_restaurado_en_una_base_nueva_es_identico(
    demo_transaccional, base_nueva, settings, tmp_path
):
    default_storage.save("minutas/2026/acta.pdf", ContentFile(b"%PDF-1.7 acta de prueba"))
    default_storage.save("planes/2026/plan.pdf", ContentFile(b"%PDF-1.7 plan firmado"))
    filas, archivos = conteo_de_filas(), sumas_de_archivos(Path(settings.PRIVATE_ROOT))
    respaldo = tmp_path / "respaldo"

    call_command("respaldo", "crear", "--destino", str(respaldo))
    restaurado = tmp_path / "restaurado"
    resultado = subprocess.run(
        [sys.executable, "manage.py", "respaldo", "restaurar", "--origen", str(respaldo), "--si"],
        cwd=RAIZ,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local",
             "DATABASE_URL": base_nueva, "PRIVATE_ROOT": str(restaurado)},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert resultado.returncode == 0, resultado.stderr[-2000:]
    assert "verificado" in resultado.stdout
    manifiesto = json.loads((respaldo / "manifiesto.json").read_text())
    assert manifiesto["filas"] == filas
    assert filas["nucleo_comuna"] == 346 and filas["nucleo_usuario"] > 0
    assert sumas_de_archivos(restaurado) == archivos
    assert len(archivos) >= 2
    with psycopg.connect(base_nueva) as pg:
        assert (
            pg.execute("SELECT COUNT(*) FROM nucleo_usuario").fetchone()[0]
            == (filas["nucleo_usuario"])
        )


def test_restaurar_sin_confirmar_no_cambia_nada(db, tmp_path):
    call_command("respaldo", "crear", "--destino", str(tmp_path / "r"))

    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--si"):
        call_command("respaldo", "restaurar", "--origen", str(tmp_path / "r"))
