"""No state on a web machine (issue 19, point 2): two gunicorn processes on loopback, each with its
own local directory, sharing PostgreSQL, Redis (cache) and the object store (moto's S3 server),
run the four main journeys with every request alternating between them."""

import itertools
import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from empresas.models import InvitacionVisita
from informes.models import Informe
from informes.periodos import MENSUAL, Periodo
from mesas.models import Minuta, Sesion
from nucleo.models import Rol
from tests.factories import (
    InvitacionVisitaFactory,
    SesionFactory,
    mesa_comunal,
    mesa_regional,
    oficina,
    usuario_con_rol,
)
from tests.mesas import archivos
from tests.nucleo.test_almacen_s3 import BUCKET, CLAVES, bucket, servidor_s3  # noqa: F401

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
RAIZ = Path(__file__).resolve().parents[2]
CACHE = "redis://127.0.0.1:6379/13"


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dos_webs(bucket, servidor_s3, tmp_path):  # noqa: F811
    datos = connection.settings_dict
    base = f"postgres://{datos['USER']}@{datos['HOST'] or '127.0.0.1'}:{datos['PORT'] or 5432}"
    procesos, urls = [], []
    for nombre in ("a", "b"):
        puerto = _puerto_libre()
        entorno = {
            **os.environ,
            **CLAVES,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DEBUG": "false",
            "SECRET_KEY": settings.SECRET_KEY,  # the sessions the test opens
            "DATABASE_URL": f"{base}/{datos['NAME']}",
            "CACHE_URL": CACHE,
            "CELERY_BROKER_URL": "",
            "PRIVATE_ROOT": str(tmp_path / nombre),  # each machine its own disk
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": servidor_s3,
            "AWS_S3_REGION_NAME": "us-east-1",
            "EMAIL_URL": "consolemail://",
        }
        procesos.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind",
                 f"127.0.0.1:{puerto}", "--workers", "1", "--timeout", "120"],
                cwd=RAIZ, env=entorno, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip
        urls.append(f"http://127.0.0.1:{puerto}")
    try:
        for url in urls:
            limite = time.monotonic() + 120
            while True:
                try:
                    if requests.get(f"{url}/salud/vivo", timeout=30).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                assert time.monotonic() < limite, f"gunicorn no arrancó en {url}"
                time.sleep(0.5)
        yield urls
    finally:
        for proceso in procesos:
            proceso.terminate()
            proceso.wait(timeout=30)


class Navegador:
    """A person's browser whose every request goes to the next web machine in turn."""

    def __init__(self, urls: list[str], usuario):
        cliente = Client()
        cliente.force_login(usuario)
        self.sesion = requests.Session()
        self.sesion.cookies.set(
            settings.SESSION_COOKIE_NAME, cliente.cookies[settings.SESSION_COOKIE_NAME].value
        )
        self.turno = itertools.cycle(urls)
        self.servidores: list[str] = []

    def _url(self, ruta: str) -> str:
        servidor = next(self.turno)
        self.servidores.append(servidor)
        return servidor + ruta

    def get(self, ruta: str, **kwargs) -> requests.Response:
        return self.sesion.get(self._url(ruta), allow_redirects=False, timeout=120, **kwargs)

    def post(self, ruta: str, datos: dict, **kwargs) -> requests.Response:
        token = self.sesion.cookies.get("csrftoken")
        return self.sesion.post(
            self._url(ruta), data=datos, headers={"X-CSRFToken": token},
            allow_redirects=False, timeout=120, **kwargs,
        )  # fmt: skip


def test_los_cuatro_recorridos_alternando_entre_dos_maquinas(
    dos_webs,
    datos_referencia,
    bucket,  # noqa: F811
    tmp_path,
):
    anio = timezone.localdate().year + 1
    # 1. The articulator schedules a series.
    mesa = mesa_regional()
    articuladora = Navegador(dos_webs, usuario_con_rol(Rol.ARTICULADOR, username="arti"))
    assert articuladora.get(reverse("mesas:serie_create", args=[mesa.pk])).status_code == 200
    serie = articuladora.post(
        reverse("mesas:serie_create", args=[mesa.pk]),
        {"regla": "día 18, 10:00", "duracion_minutos": 120, "desde": f"{anio}-08-01",
         "cantidad": 3, "tipo": "ordinaria", "lugar": "Dirección Regional SENCE",
         "accion": "crear"},
    )  # fmt: skip
    assert serie.status_code == 302, serie.text[:2000]
    assert Sesion.objects.filter(mesa=mesa).count() == 3
    assert articuladora.get(serie.headers["Location"]).status_code == 200

    # 2. The articulator uploads a minute on one machine and downloads it from the other.
    sesion = SesionFactory(
        mesa=mesa_comunal("05802"), inicio=timezone.now() - timedelta(days=1), estado="realizada"
    )
    assert articuladora.get(reverse("mesas:minuta_create", args=[sesion.pk])).status_code == 200
    pdf = archivos.pdf()
    subida = articuladora.post(
        reverse("mesas:minuta_create", args=[sesion.pk]),
        {"tipo": "archivo"},
        files={"archivo": ("minuta.pdf", pdf.read(), "application/pdf")},
    )
    assert subida.status_code == 302, subida.text[:2000]
    minuta = Minuta.objects.get(sesion=sesion)
    pdf.seek(0)
    descarga = articuladora.get(reverse("mesas:minuta_download", args=[minuta.pk]))
    assert descarga.status_code == 200
    assert descarga.content == pdf.read()

    # 3. A service representative confirms a joint company visit.
    senadis = usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis"), username="senadis")
    invitacion = InvitacionVisitaFactory(
        visita__planificada_por=usuario_con_rol(Rol.EJECUTIVO, username="ejec")
    )
    representante = Navegador(dos_webs, senadis)
    assert representante.get(invitacion.visita.get_absolute_url()).status_code == 200
    respuesta = representante.post(
        reverse("empresas:invitacion_responder", args=[invitacion.pk]), {"estado": "confirmada"}
    )
    assert respuesta.status_code in (200, 302), respuesta.text[:2000]
    invitacion.refresh_from_db()
    assert invitacion.estado == InvitacionVisita.Estado.CONFIRMADA

    # 4. The director asks for a report on one machine and downloads its PDF from the other.
    director = Navegador(dos_webs, usuario_con_rol(Rol.DIRECTOR, username="dire"))
    assert director.get(reverse("informes:informe_list")).status_code == 200
    periodo = Periodo.ultimo_cerrado(MENSUAL, timezone.localdate()).codigo
    pedido = director.post(
        reverse("informes:informe_create"), {"tipo": "mensual", "periodo": periodo, "region": "05"}
    )
    assert pedido.status_code == 302, pedido.text[:2000]
    informe = Informe.objects.get()
    assert informe.estado == Informe.Estado.LISTO
    pdf_informe = director.get(reverse("informes:informe_pdf", args=[informe.pk]))
    assert pdf_informe.status_code == 200
    assert pdf_informe.content.startswith(b"%PDF-")

    # Every journey touched both machines; the files are in the bucket, on neither disk.
    for navegador in (articuladora, representante, director):
        assert set(navegador.servidores) == set(dos_webs)
    claves = {o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    assert f"privado/{minuta.archivo.name}" in claves
    assert f"privado/{informe.pdf.name}" in claves
    for disco in (tmp_path / "a", tmp_path / "b"):
        assert not [r for r in disco.rglob("*") if r.is_file()] if disco.exists() else True
