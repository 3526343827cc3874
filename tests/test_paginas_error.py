"""The Spanish error pages (404, 500, 503) render in every mode, with the Government of Chile's
look (gobcl.css) and SENCE's name, DEBUG on or off."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError

from nucleo.views import error_404, error_500

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
