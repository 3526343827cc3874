"""A crawl of the app as each demo role, following links from the home page: no page fails, and
every page carries the security headers."""

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENLACE = re.compile(r'href="(/[^"]*)"')
EVITAR = ("/cuenta/logout", "/admin/", "/static/", "/cuenta/segundo-factor/desactivar")
MAXIMO = 120


def rastrear(client, inicio: str = "/") -> dict[str, object]:
    vistas: dict[str, object] = {}
    cola = deque([inicio])
    while cola and len(vistas) < MAXIMO:
        url = cola.popleft()
        if url in vistas:
            continue
        respuesta = client.get(url)
        vistas[url] = respuesta
        if "text/html" not in respuesta.get("Content-Type", ""):
            continue
        for enlace in ENLACE.findall(respuesta.content.decode()):
            enlace = urldefrag(enlace.replace("&amp;", "&"))[0]
            if enlace.startswith(EVITAR) or enlace in vistas or urlparse(enlace).netloc:
                continue
            cola.append(enlace)
    return vistas


@pytest.mark.parametrize("usuario", ["articuladora", "director", "omil.limache", "senadis"])
def test_rastreo_sin_errores_y_con_cabeceras(client, demo, usuario):
    from nucleo.models import Usuario

    client.force_login(Usuario.objects.get(username=usuario))

    vistas = rastrear(client, reverse("nucleo:inicio"))

    errores = {u: r.status_code for u, r in vistas.items() if r.status_code >= 400}
    assert not errores, errores
    assert len(vistas) > 10
    for url, respuesta in vistas.items():
        if "text/html" not in respuesta.get("Content-Type", ""):
            continue
        csp = respuesta["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert "frame-ancestors 'none'" in csp, url
        assert respuesta["X-Content-Type-Options"] == "nosniff", url
        assert "no-store" in respuesta["Cache-Control"], url
        assert " style=" not in respuesta.content.decode(), f"estilo en línea en {url}"
        assert "<script>" not in respuesta.content.decode(), f"script en línea en {url}"
