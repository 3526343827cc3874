"""A real OpenID Connect provider with ClaveÚnica's claim shape (servidor.mjs, npm oidc-provider
run by Node), started once per test session on loopback, and the settings that point at it."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import falta_servicio

CARPETA = Path(__file__).resolve().parent
CLIENTE, SECRETO = "mesas-pruebas", "secreto-de-pruebas"
# The Django test client's host: its callback URL must be registered like the live server's.
TESTSERVER = "http://testserver"


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def proveedor_oidc(live_server):
    node = shutil.which("node")
    if not node or not (CARPETA / "node_modules" / "oidc-provider").is_dir():
        falta_servicio("falta Node o tests/oidc/node_modules (cd tests/oidc && npm ci)")
    puerto = _puerto_libre()
    bases = [TESTSERVER, live_server.url]
    entorno = {
        **os.environ,
        "OIDC_PUERTO": str(puerto),
        "OIDC_CLIENTE": CLIENTE,
        "OIDC_SECRETO": SECRETO,
        "OIDC_REDIRECCIONES": ",".join(f"{b}/oidc/callback/" for b in bases),
        "OIDC_SALIDAS": ",".join(f"{b}/cuenta/login/" for b in bases),
    }
    proceso = subprocess.Popen(
        [node, str(CARPETA / "servidor.mjs")],
        cwd=CARPETA,
        env=entorno,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    emisor = f"http://127.0.0.1:{puerto}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{emisor}/.well-known/openid-configuration", timeout=1)
                break
            except requests.ConnectionError:
                if proceso.poll() is not None:
                    falta_servicio(f"el proveedor OIDC no arrancó: {proceso.stderr.read()[-500:]}")
                time.sleep(0.1)
        else:
            falta_servicio("el proveedor OIDC no respondió en 10 s")
        yield emisor
    finally:
        proceso.terminate()
        proceso.wait(timeout=10)


@pytest.fixture
def claveunica(proveedor_oidc, settings, datos_referencia):
    """ClaveÚnica on, pointing at the test provider. (The provider knows the live server, so
    these tests are transactional: the reference data is reloaded.)"""
    from nucleo.personas import claveunica as modulo

    settings.CLAVEUNICA_ISSUER = proveedor_oidc
    settings.OIDC_RP_CLIENT_ID = CLIENTE
    settings.OIDC_RP_CLIENT_SECRET = SECRETO
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "nucleo.personas.claveunica.ClaveUnicaBackend",
    ]
    modulo._documentos.clear()
    yield proveedor_oidc
    modulo._documentos.clear()
