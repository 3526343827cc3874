"""The Spanish error pages (404, 500, 503) render in every mode, with the Government of Chile's
look (gobcl.css) and SENCE's name, DEBUG on or off."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError
from django.test import Client
from django.urls import include, path

from nucleo import registro
from nucleo.models import Rol
from nucleo.views import error_404, error_500
from tests.factories import usuario_con_rol

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [False, True])
def test_404_en_castellano_con_la_identidad_de_gobierno(rf, settings, debug):
    settings.DEBUG = debug
    peticion = rf.get("/no-existe/")
    peticion.user = AnonymousUser()

    respuesta = error_404(peticion)

    texto = respuesta.content.decode()
    assert respuesta.status_code == 404
    assert "Página no encontrada" in texto
    assert "css/gobcl" in texto
    assert "SENCE" in texto
    assert 'href="/oferta/"' in texto


@pytest.mark.parametrize("debug", [False, True])
def test_500_en_castellano_con_la_identidad_de_gobierno(rf, settings, debug):
    settings.DEBUG = debug

    respuesta = error_500(rf.get("/"))

    texto = respuesta.content.decode()
    assert respuesta.status_code == 500
    assert "Algo salió mal" in texto
    assert "css/gobcl" in texto
    assert "Servicio Nacional de Capacitación y Empleo" in texto


def test_503_cuando_la_base_no_responde(rf):
    try:
        raise OperationalError("caída")
    except OperationalError:
        respuesta = error_500(rf.get("/"))

    assert respuesta.status_code == 503
    assert "css/gobcl" in respuesta.content.decode()


def test_una_pagina_publica_inexistente_responde_el_404_en_castellano(client, settings):
    settings.DEBUG = False

    respuesta = client.get("/oferta/comuna/99999/")

    assert respuesta.status_code == 404
    assert "Página no encontrada" in respuesta.content.decode()


# --- With DEBUG on (make run's embedded mode): the same Spanish pages, not Django's technical ones.


def vista_que_falla(request):
    raise RuntimeError("falla de prueba")


urlpatterns = [
    path("prueba-falla/", vista_que_falla, name="prueba_falla"),
    path("", include("config.urls")),
]


@pytest.fixture(autouse=True)
def _pagina_que_falla_es_publica(monkeypatch):
    """The access table (nucleo.registro) lets nothing unknown through: this test page is
    public while the tests of this module run."""
    monkeypatch.setitem(registro._accesos, "prueba_falla", registro.PUBLICO)


@pytest.mark.urls("tests.test_paginas_error")
@pytest.mark.parametrize("url", ["/no-existe/", "/oferta/comuna/99999/", "/mesas/999999/"])
def test_con_debug_el_404_tambien_es_el_de_castellano(client, settings, url):
    settings.DEBUG = True
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    respuesta = client.get(url)

    texto = respuesta.content.decode()
    assert respuesta.status_code == 404
    assert "Página no encontrada" in texto
    assert "Page not found" not in texto
    assert "css/gobcl" in texto


@pytest.mark.urls("tests.test_paginas_error")
def test_con_debug_el_500_tambien_es_el_de_castellano(settings):
    settings.DEBUG = True
    client = Client(raise_request_exception=False)

    respuesta = client.get("/prueba-falla/")

    texto = respuesta.content.decode()
    assert respuesta.status_code == 500
    assert "Algo salió mal" in texto
    assert "Traceback" not in texto
    assert "falla de prueba" not in texto


@pytest.mark.urls("tests.test_paginas_error")
def test_quien_desarrolla_puede_pedir_las_paginas_tecnicas(settings):
    settings.DEBUG = True
    settings.PAGINAS_DE_ERROR_TECNICAS = True
    client = Client(raise_request_exception=False)

    assert "falla de prueba" in client.get("/prueba-falla/").content.decode()
    assert "Page not found" in client.get("/no-existe/").content.decode()


@pytest.mark.urls("tests.test_paginas_error")
@pytest.mark.parametrize("url", ["/no-existe/", "/prueba-falla/"])
def test_con_debug_la_pagina_de_error_lleva_las_cabeceras_de_seguridad(settings, url):
    """The replaced page goes out through the same security middleware as any other page.
    (Not CSP: django-csp leaves every 404 and 500 without it while DEBUG is on, by design, for
    Django's technical pages.)"""
    settings.DEBUG = True
    client = Client(raise_request_exception=False)

    respuesta = client.get(url)

    assert respuesta.status_code in (404, 500)
    assert respuesta["Permissions-Policy"]
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert respuesta["X-Frame-Options"] == "DENY"
