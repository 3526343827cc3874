"""deploy/nginx.conf run by a real nginx (Debian's) in front of a small upstream on loopback:
precompressed static files, HTML compressed only where BREACH cannot reach it, the request id."""

import gzip
import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import falta_servicio

RAIZ = Path(__file__).resolve().parents[2]
HTML = ("<!doctype html><title>x</title>" + "<p>Acuerdos de la mesa comunal</p>" * 100).encode()


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Upstream(http.server.BaseHTTPRequestHandler):
    recibidos: list = []

    def do_GET(self):
        _Upstream.recibidos.append(dict(self.headers))
        self.send_response(200)
        tipo = "application/json" if self.path.endswith(".json") else "text/html; charset=utf-8"
        self.send_header("Content-Type", tipo)
        self.send_header("Content-Length", str(len(HTML)))
        self.end_headers()
        self.wfile.write(HTML)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    if not shutil.which("nginx"):
        falta_servicio("falta nginx (apt-get install nginx-light)")
    base = tmp_path_factory.mktemp("nginx")
    estaticos = base / "static"
    (estaticos / "css").mkdir(parents=True)
    (estaticos / "css" / "mesas.css").write_text("body{color:red}" * 200)
    # A different body in the .gz proves nginx sent the precompressed file, not its own gzip.
    (estaticos / "css" / "mesas.css.gz").write_bytes(gzip.compress(b"precomprimido"))
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    puerto = _puerto_libre()
    conf = (RAIZ / "deploy" / "nginx.conf").read_text()
    conf = (
        conf.replace("/etc/nginx/conf.d/", f"{base}/")
        .replace("/var/log/nginx/", f"{base}/")
        .replace("server web:8000;", f"server 127.0.0.1:{upstream.server_port};")
        .replace("listen 80;", f"listen 127.0.0.1:{puerto};")
        .replace("/app/var/staticfiles/", f"{estaticos}/")
    )
    (base / "sitio.conf").write_text(conf)
    shutil.copy(RAIZ / "deploy" / "mesas_proxy.inc", base / "mesas_proxy.inc")
    temporales = " ".join(
        f"{d}_temp_path {base}/{d};" for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would run as nobody and not read pytest's private temp folders.
    usuario = "user root;" if os.geteuid() == 0 else ""
    (base / "nginx.conf").write_text(
        f"{usuario} worker_processes 1; pid {base}/nginx.pid; daemon off;\n"
        f"error_log {base}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ include /etc/nginx/mime.types; {temporales} include {base}/sitio.conf; }}\n"
    )
    proceso = subprocess.Popen(["nginx", "-c", f"{base}/nginx.conf", "-p", f"{base}/"])
    url = f"http://127.0.0.1:{puerto}"
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", puerto), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    proceso.terminate()
    proceso.wait(timeout=10)
    upstream.shutdown()


def _get(url: str, **cabeceras) -> tuple[int, dict, bytes]:
    pedido = urllib.request.Request(url, headers={"Accept-Encoding": "gzip", **cabeceras})
    try:
        with urllib.request.urlopen(pedido, timeout=10) as respuesta:
            return respuesta.status, dict(respuesta.headers), respuesta.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_los_estaticos_salen_del_gz_precomprimido(nginx):
    estado, cabeceras, cuerpo = _get(f"{nginx}/static/css/mesas.css")

    assert estado == 200
    assert cabeceras["Content-Encoding"] == "gzip"
    assert gzip.decompress(cuerpo) == b"precomprimido"


@pytest.mark.parametrize("sitio", ["same-origin", "none"])
def test_el_html_de_la_propia_navegacion_va_comprimido(nginx, sitio):
    estado, cabeceras, cuerpo = _get(f"{nginx}/mesas/", **{"Sec-Fetch-Site": sitio})

    assert estado == 200
    assert cabeceras.get("Content-Encoding") == "gzip"
    assert gzip.decompress(cuerpo) == HTML


@pytest.mark.parametrize("sitio", ["cross-site", "same-site", None])
def test_el_html_pedido_desde_otro_sitio_o_sin_fetch_metadata_va_sin_comprimir(nginx, sitio):
    cabeceras_pedido = {"Sec-Fetch-Site": sitio} if sitio else {}

    estado, cabeceras, cuerpo = _get(f"{nginx}/mesas/?q=secreto", **cabeceras_pedido)

    assert estado == 200
    assert "Content-Encoding" not in cabeceras
    assert cuerpo == HTML


def test_las_paginas_publicas_van_siempre_comprimidas(nginx):
    _, cabeceras, _ = _get(f"{nginx}/oferta/", **{"Sec-Fetch-Site": "cross-site"})

    assert cabeceras.get("Content-Encoding") == "gzip"


def test_metricas_no_se_publican_por_el_proxy(nginx):
    estado, _, _ = _get(f"{nginx}/metrics")

    assert estado == 404


def test_el_proxy_envia_un_request_id(nginx):
    _Upstream.recibidos.clear()

    _get(f"{nginx}/salud/vivo")

    rid = _Upstream.recibidos[-1]["X-Request-ID"]
    assert len(rid) == 32 and int(rid, 16) >= 0
    assert json.dumps(rid)
