import pytest
from django.urls import reverse

from nucleo.models import Rol
from tests.factories import usuario_con_rol

pytestmark = pytest.mark.django_db


def test_politica_de_contenido_estricta(client):
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    csp = client.get(reverse("nucleo:inicio"))["Content-Security-Policy"]

    directivas = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directivas["script-src"] == "'self'"
    assert directivas["style-src"] == "'self'"
    assert directivas["object-src"] == "'none'"
    assert directivas["base-uri"] == "'none'"
    assert directivas["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp


def test_paginas_personales_no_se_guardan_en_cache(client):
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    respuesta = client.get(reverse("nucleo:inicio"))

    assert respuesta["Cache-Control"] == "no-store, private"
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert respuesta["X-Frame-Options"] == "DENY"
    assert "camera=()" in respuesta["Permissions-Policy"]


def test_html_sin_scripts_ni_estilos_en_linea(client):
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    contenido = client.get(reverse("nucleo:inicio")).content.decode()

    assert "<script>" not in contenido
    assert " style=" not in contenido
    assert " onclick=" not in contenido
