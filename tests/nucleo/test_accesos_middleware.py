import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from config import urls as config_urls
from nucleo.models import Rol
from nucleo.registro import registrar_accesos
from tests.factories import usuario_con_rol

pytestmark = pytest.mark.django_db


def vista(request):
    return HttpResponse("ok")


urlpatterns = [
    path("solo-director/", vista, name="prueba_solo_director"),
    path("no-declarada/", vista, name="prueba_no_declarada"),
    *config_urls.urlpatterns,
]
handler403 = config_urls.handler403
handler404 = config_urls.handler404
registrar_accesos({"prueba_solo_director": {Rol.DIRECTOR}})


@override_settings(ROOT_URLCONF=__name__)
def test_rol_no_listado_recibe_403_en_castellano(client):
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL))

    respuesta = client.get("/solo-director/")

    assert respuesta.status_code == 403


@override_settings(ROOT_URLCONF=__name__)
def test_rol_listado_entra(client):
    client.force_login(usuario_con_rol(Rol.DIRECTOR))

    assert client.get("/solo-director/").content == b"ok"


@override_settings(ROOT_URLCONF=__name__)
def test_url_no_declarada_se_niega_con_404(client):
    client.force_login(usuario_con_rol(Rol.DIRECTOR))

    assert client.get("/no-declarada/").status_code == 404


def test_pagina_403_en_castellano(client):
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL))

    with override_settings(ROOT_URLCONF=__name__):
        respuesta = client.get("/solo-director/")

    assert "Acceso no permitido" in respuesta.content.decode()
