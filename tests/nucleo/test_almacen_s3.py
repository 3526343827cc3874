"""Files in an S3-compatible object store (issue 19, point 1), against a real S3 API: moto's
server mode on loopback, started by the tests."""

import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from mesas import services
from nucleo.models import Rol
from tests.factories import SesionFactory, mesa_comunal, omil_de, usuario_con_rol
from tests.mesas import archivos
from tests.nucleo.test_respaldo import base_nueva  # noqa: F401  (fixture)

RAIZ = Path(__file__).resolve().parents[2]
BUCKET = "mesas-pruebas"
CLAVES = {"AWS_ACCESS_KEY_ID": "prueba", "AWS_SECRET_ACCESS_KEY": "prueba"}


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def servidor_s3():
    puerto = _puerto_libre()
    servidor = ThreadedMotoServer(ip_address="127.0.0.1", port=puerto, verbose=False)
    servidor.start()
    yield f"http://127.0.0.1:{puerto}"
    servidor.stop()


@pytest.fixture
def bucket(servidor_s3, settings, monkeypatch):
    """The default storage is the bucket, as with AWS_STORAGE_BUCKET_NAME set."""
    for clave, valor in CLAVES.items():
        monkeypatch.setenv(clave, valor)
    cliente = boto3.client(
        "s3", endpoint_url=servidor_s3, region_name="us-east-1", **_claves_boto()
    )
    cliente.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": servidor_s3,
                "region_name": "us-east-1",
                "location": "privado",
                "default_acl": None,
                "file_overwrite": False,
                "querystring_expire": 10,
            },
        },
    }
    yield cliente
    for objeto in cliente.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        cliente.delete_object(Bucket=BUCKET, Key=objeto["Key"])
    cliente.delete_bucket(Bucket=BUCKET)


def _claves_boto() -> dict:
    return {
        "aws_access_key_id": CLAVES["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": CLAVES["AWS_SECRET_ACCESS_KEY"],
    }


def _claves_en(cliente) -> set[str]:
    return {o["Key"] for o in cliente.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def _minuta_subida():
    sesion = SesionFactory(
        mesa=mesa_comunal("05802"),
        inicio=timezone.now() - timedelta(days=1),
        estado="realizada",
    )
    return services.minuta_subir(
        sesion=sesion, archivo=archivos.pdf(), por=usuario_con_rol(Rol.ARTICULADOR)
    )


def _archivos_locales(settings) -> list[Path]:
    raiz = Path(settings.PRIVATE_ROOT)
    return [r for r in raiz.rglob("*") if r.is_file()] if raiz.exists() else []


@pytest.mark.django_db
def test_la_minuta_subida_queda_en_el_bucket_y_no_en_el_disco(bucket, settings):
    minuta = _minuta_subida()

    assert f"privado/{minuta.archivo.name}" in _claves_en(bucket)
    assert _archivos_locales(settings) == []


@pytest.mark.django_db
def test_la_descarga_desde_el_bucket_pasa_por_el_alcance(bucket, client, settings):
    settings.DESCARGAS_X_ACCEL = "/_privado/"  # behind nginx: the bucket is still streamed
    minuta = _minuta_subida()
    esperado = archivos.pdf().read()
    limache = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"), username="carolina")
    vina = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05109"), username="vina")
    url = reverse("mesas:minuta_download", args=[minuta.pk])

    client.force_login(vina)
    ajena = client.get(url)
    client.force_login(limache)
    propia = client.get(url)

    assert ajena.status_code == 404
    assert propia.status_code == 200
    assert "X-Accel-Redirect" not in propia
    assert b"".join(propia.streaming_content) == esperado
    assert propia["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_salud_listo_comprueba_el_bucket(bucket, client):
    respuesta = client.get("/salud/listo")

    assert respuesta.json()["componentes"]["almacen"]["ok"] is True


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_respaldo_y_restauracion_cubren_el_bucket(
    bucket,
    datos_referencia,
    base_nueva,  # noqa: F811
    servidor_s3,
    tmp_path,
):
    default_storage.save("minutas/2026/acta.pdf", ContentFile(b"%PDF-1.7 acta"))
    default_storage.save("informes/2026/mensual.pdf", ContentFile(b"%PDF-1.7 informe"))
    respaldo = tmp_path / "respaldo"
    call_command("respaldo", "crear", "--destino", str(respaldo))
    # After the backup the bucket changes: one file lost, one overwritten, one added.
    default_storage.delete("minutas/2026/acta.pdf")
    bucket.put_object(Bucket=BUCKET, Key="privado/informes/2026/mensual.pdf", Body=b"otro")
    default_storage.save("planes/2026/nuevo.pdf", ContentFile(b"%PDF-1.7 nuevo"))

    resultado = subprocess.run(
        [sys.executable, "manage.py", "respaldo", "restaurar", "--origen", str(respaldo), "--si"],
        cwd=RAIZ,
        env={**os.environ, **CLAVES, "DJANGO_SETTINGS_MODULE": "config.settings.local",
             "DATABASE_URL": base_nueva, "AWS_STORAGE_BUCKET_NAME": BUCKET,
             "AWS_S3_ENDPOINT_URL": servidor_s3, "AWS_S3_REGION_NAME": "us-east-1"},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert resultado.returncode == 0, resultado.stderr[-2000:]
    assert "verificado" in resultado.stdout
    assert _claves_en(bucket) == {
        "privado/minutas/2026/acta.pdf",
        "privado/informes/2026/mensual.pdf",
    }
    cuerpo = bucket.get_object(Bucket=BUCKET, Key="privado/informes/2026/mensual.pdf")["Body"]
    assert cuerpo.read() == b"%PDF-1.7 informe"
