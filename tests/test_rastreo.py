"""A crawl of the app as each demo role, following links from the home page: no page fails, every
page carries the security headers, and none reads a relation or a field that its query left out."""

import re
import sys
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENLACE = re.compile(r'href="(/[^"]*)"')
EVITAR = ("/cuenta/logout", "/admin/", "/static/", "/cuenta/segundo-factor/desactivar")
MAXIMO = 120


def rastrear(client, inicio: str = "/", get=None) -> dict[str, object]:
    get = get or client.get
    vistas: dict[str, object] = {}
    cola = deque([inicio])
    while cola and len(vistas) < MAXIMO:
        url = cola.popleft()
        if url in vistas:
            continue
        respuesta = get(url)
        vistas[url] = respuesta
        if "text/html" not in respuesta.get("Content-Type", ""):
            continue
        for enlace in ENLACE.findall(respuesta.content.decode()):
            enlace = urldefrag(enlace.replace("&amp;", "&"))[0]
            if enlace.startswith(EVITAR) or enlace in vistas or urlparse(enlace).netloc:
                continue
            cola.append(enlace)
    return vistas


def _es_nuestro(archivo: str) -> bool:
    return archivo.startswith(str(settings.BASE_DIR)) and "-packages/" not in archivo


# Where Django loads, one object at a time, what a query did not bring: a foreign key
# (the forward-relation descriptor) or a field left out with only()/defer().
CARGAS_PEREZOSAS = {
    ("get_object", "related_descriptors.py"),
    ("refresh_from_db", "base.py"),
}


def _carga_perezosa() -> str | None:
    """The template line or code that read a relation or a deferred field that its query did
    not fetch, if the query being run comes from there."""
    marco = sys._getframe(2)
    origen = None
    perezosa = False
    while marco is not None:
        codigo = marco.f_code
        if (codigo.co_name, codigo.co_filename.rpartition("/")[2]) in CARGAS_PEREZOSAS:
            perezosa = True
        elif perezosa and origen is None:
            nodo = marco.f_locals.get("self")
            if codigo.co_name == "render" and hasattr(nodo, "token"):
                origen = f"«{nodo.token.contents}» en {nodo.origin.template_name}"
            elif _es_nuestro(codigo.co_filename):
                origen = f"{codigo.co_filename}:{marco.f_lineno}"
        marco = marco.f_back
    return (origen or "?") if perezosa else None


@pytest.mark.parametrize("usuario", ["articuladora", "director", "omil.limache", "senadis"])
def test_rastreo_sin_errores_con_cabeceras_y_sin_cargas_perezosas(client, demo, usuario):
    from nucleo.models import Usuario

    client.force_login(Usuario.objects.get(username=usuario))
    # What a query left out costs one more query per object read: every page fetches what it
    # shows with its objects (select_related / prefetch_related, no field it then reads deferred).
    perezosas: dict[str, set[str]] = {}
    pagina = {"url": ""}

    def vigilar(ejecutar, sql, params, many, contexto):
        if origen := _carga_perezosa():
            perezosas.setdefault(pagina["url"], set()).add(origen)
        return ejecutar(sql, params, many, contexto)

    def get(url):
        pagina["url"] = url
        return client.get(url)

    with connection.execute_wrapper(vigilar):
        vistas = rastrear(client, reverse("nucleo:inicio"), get=get)

    assert not perezosas, perezosas
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
