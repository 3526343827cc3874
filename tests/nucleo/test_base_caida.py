"""PostgreSQL unreachable: a Spanish 503 page; when it is back, the same web process recovers
(CONN_HEALTH_CHECKS), without a restart. The outage is made by a TCP proxy we cut and restore."""

import http.cookiejar
import os
import re
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from nucleo.models import Rol
from tests.conftest import falta_servicio
from tests.factories import CLAVE, usuario_con_rol

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
RAIZ = Path(__file__).resolve().parents[2]


class Proxy:
    """Forwards 127.0.0.1:<port> to PostgreSQL; `cortar()` drops every connection and refuses
    new ones, `restaurar()` accepts again."""

    def __init__(self, destino: tuple[str, int]):
        self.destino = destino
        self.abierto = True
        self.conexiones: list[socket.socket] = []
        self.servidor = socket.socket()
        self.servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.servidor.bind(("127.0.0.1", 0))
        self.servidor.listen()
        self.puerto = self.servidor.getsockname()[1]
        threading.Thread(target=self._aceptar, daemon=True).start()

    def _aceptar(self):
        while True:
            try:
                cliente, _ = self.servidor.accept()
            except OSError:
                return
            if not self.abierto:
                cliente.close()
                continue
            remoto = socket.create_connection(self.destino)
            self.conexiones += [cliente, remoto]
            threading.Thread(target=self._copiar, args=(cliente, remoto), daemon=True).start()

    def _copiar(self, a, b):
        try:
            while True:
                listos, _, _ = select.select([a, b], [], [], 1)
                for origen in listos:
                    datos = origen.recv(65536)
                    if not datos:
                        return
                    (b if origen is a else a).sendall(datos)
        except OSError:
            return
        finally:
            a.close()
            b.close()

    def cortar(self):
        self.abierto = False
        for conexion in self.conexiones:
            try:
                conexion.shutdown(socket.SHUT_RDWR)
                conexion.close()
            except OSError:
                pass
        self.conexiones.clear()

    def restaurar(self):
        self.abierto = True


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_base_caida_da_503_y_el_proceso_se_recupera_solo(datos_referencia):
    if connection.vendor != "postgresql":
        falta_servicio("esta prueba corta la conexión a PostgreSQL")
    usuario = usuario_con_rol(Rol.ARTICULADOR)
    # The server runs the local settings, whose hashers do not include the tests' fast MD5.
    usuario.password = PBKDF2PasswordHasher().encode(CLAVE, "salpruebas", iterations=1000)
    usuario.save(update_fields=["password"])
    base = connection.settings_dict
    proxy = Proxy((base["HOST"] or "127.0.0.1", int(base["PORT"] or 5432)))
    puerto = puerto_libre()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"postgres://{base['USER']}@127.0.0.1:{proxy.puerto}/{base['NAME']}",
        "DEBUG": "0",
        "CONN_MAX_AGE": "600",
    }
    servidor = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading",
         f"127.0.0.1:{puerto}"],
        cwd=RAIZ, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{puerto}"
    galletas = http.cookiejar.CookieJar()
    navegador = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(galletas))

    def pedir(ruta: str, datos: dict | None = None):
        cuerpo = urllib.parse.urlencode(datos).encode() if datos else None
        try:
            with navegador.open(url + ruta, data=cuerpo, timeout=20) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    try:
        limite = time.monotonic() + 60
        while True:
            try:
                estado, pagina = pedir("/cuenta/login/")
                break
            except urllib.error.URLError:
                if time.monotonic() > limite or servidor.poll() is not None:
                    raise
                time.sleep(0.2)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina)[1]
        estado, pagina = pedir(
            "/cuenta/login/",
            {"username": usuario.username, "password": CLAVE, "csrfmiddlewaretoken": token},
        )
        assert estado == 200 and "Región de Valparaíso" in pagina

        proxy.cortar()
        caida, aviso = pedir("/")

        proxy.restaurar()
        recuperada, inicio = pedir("/")
    finally:
        servidor.terminate()
        servidor.wait(10)
        proxy.servidor.close()

    assert caida == 503
    assert "El servicio no está disponible por un momento" in aviso
    assert recuperada == 200
    assert "Región de Valparaíso" in inicio
