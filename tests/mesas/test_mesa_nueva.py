"""«Nueva mesa» is offered only while a mesa the user may create is missing; the service
refuses by the same rule."""

import pytest
from django.urls import reverse

from mesas import permissions
from mesas.models import Mesa
from nucleo.models import Comuna, Rol
from tests.factories import (
    MesaComunalFactory,
    mesa_comunal,
    mesa_regional,
    omil_de,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db

NUEVA_MESA = f'href="{reverse("mesas:mesa_create")}"'


@pytest.fixture
def omil_limache():
    return usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))


def test_omil_sin_mesa_ve_nueva_mesa(client, omil_limache):
    client.force_login(omil_limache)

    contenido = client.get(reverse("mesas:mesa_list")).content.decode()

    assert NUEVA_MESA in contenido
    assert client.get(reverse("mesas:mesa_create")).status_code == 200


def test_omil_cuya_comuna_ya_tiene_su_mesa_no_ve_nueva_mesa(client, omil_limache):
    mesa_comunal("05802")
    client.force_login(omil_limache)

    contenido = client.get(reverse("mesas:mesa_list")).content.decode()
    formulario = client.get(reverse("mesas:mesa_create"), follow=True)

    assert NUEVA_MESA not in contenido
    assert formulario.redirect_chain == [(reverse("mesas:mesa_list"), 302)]
    assert "No quedan mesas por crear" in formulario.content.decode()


def test_el_servicio_y_la_pagina_usan_la_misma_regla(omil_limache):
    # mesa_crear refuses by falta_mesa (tests/mesas/test_services.py::
    # test_segunda_mesa_comunal_en_la_misma_comuna_se_rechaza); the button hides by it too.
    mesa_comunal("05802")

    assert not permissions.falta_mesa(tipo=Mesa.Tipo.COMUNAL, region_id="05", comuna_id="05802")
    assert not permissions.puede_crear_mesa(omil_limache)
    assert permissions.falta_mesa(tipo=Mesa.Tipo.COMUNAL, region_id="05", comuna_id="05109")


def test_articuladora_con_mesa_regional_solo_puede_crear_comunales(client):
    mesa_regional()
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    client.force_login(articuladora)

    formulario = client.get(reverse("mesas:mesa_create")).content.decode()

    assert 'value="regional"' not in formulario
    assert 'value="comunal"' in formulario


def test_articuladora_sin_nada_por_crear_no_ve_nueva_mesa(client):
    mesa_regional()
    for comuna in Comuna.objects.filter(region_id="05"):
        MesaComunalFactory(comuna=comuna)
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    client.force_login(articuladora)

    contenido = client.get(reverse("mesas:mesa_list")).content.decode()

    assert not permissions.puede_crear_mesa(articuladora)
    assert NUEVA_MESA not in contenido


def test_el_panorama_ofrece_nueva_mesa_solo_a_quien_puede_crearla(client):
    client.force_login(usuario_con_rol(Rol.DIRECTOR))
    director = client.get(reverse("mesas:panorama")).content.decode()
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))
    articuladora = client.get(reverse("mesas:panorama")).content.decode()

    assert "Aún no hay mesas comunales en la región." in director
    assert NUEVA_MESA not in director
    assert NUEVA_MESA in articuladora
