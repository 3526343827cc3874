"""nucleo.cache: shared summaries are kept until our data changes, and never shown stale."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from nucleo.cache import memo, version_datos
from nucleo.models import LecturaRegistrada, Rol
from tests.factories import CLAVE, ConvenioFactory, usuario_con_rol

pytestmark = pytest.mark.django_db


def test_memo_guarda_hasta_que_cambian_los_datos():
    llamadas = []

    def construir():
        llamadas.append(1)
        return len(llamadas)

    assert memo([("prueba", ("05",), construir)])[0] == 1
    assert memo([("prueba", ("05",), construir)])[0] == 1
    assert memo([("prueba", ("13",), construir)])[0] == 2  # other parts, other value

    usuario_con_rol(Rol.ARTICULADOR)  # any save of one of our models

    assert memo([("prueba", ("05",), construir)])[0] == 3


def test_registrar_una_lectura_no_invalida(rf):
    usuario = usuario_con_rol(Rol.ARTICULADOR)
    antes = version_datos()

    LecturaRegistrada.objects.create(usuario=usuario, objeto_tipo="x.y", objeto_id="1")

    assert version_datos() == antes


def test_el_inicio_muestra_al_instante_un_convenio_nuevo_sin_repetir_consultas(client):
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))
    url = reverse("nucleo:inicio")
    client.get(url)
    with CaptureQueriesContext(connection) as primera:
        client.get(url)
    with CaptureQueriesContext(connection) as segunda:
        client.get(url)
    assert len(segunda) == len(primera)  # nothing recomputed while nothing changes

    hoy = timezone.localdate()
    ConvenioFactory(nombre="Convenio que vence pronto", fecha_termino=hoy + timedelta(days=20))

    assert "Convenio que vence pronto" in client.get(url).content.decode()


def test_un_dispositivo_nuevo_se_exige_en_la_siguiente_peticion(client):
    usuario = usuario_con_rol(Rol.ARTICULADOR)
    client.post(reverse("login"), {"username": usuario.username, "password": CLAVE})
    assert client.get(reverse("nucleo:inicio")).status_code == 200  # "no device" is now cached

    TOTPDevice.objects.create(user=usuario, name="app", confirmed=True)
    client.logout()
    client.post(reverse("login"), {"username": usuario.username, "password": CLAVE})
    respuesta = client.get(reverse("nucleo:inicio"))

    assert respuesta.status_code == 302
    assert respuesta.url.startswith(reverse("nucleo:otp_verificar"))


def test_con_la_cache_caida_las_paginas_y_los_cambios_siguen_funcionando(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens (Redis stopped)
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    client.force_login(usuario_con_rol(Rol.DIRECTOR))
    ConvenioFactory(nombre="Convenio con Redis caído", fecha_termino=timezone.localdate())

    respuesta = client.get(reverse("nucleo:inicio"))

    assert respuesta.status_code == 200
    assert "Convenio con Redis caído" in respuesta.content.decode()


def test_los_paneles_de_region_se_arman_una_vez_para_quienes_tienen_los_mismos_roles(client):
    from tests.factories import oficina

    sence = oficina("sence", "05")
    paula = usuario_con_rol(Rol.ARTICULADOR, sence, first_name="Paula")
    rosa = usuario_con_rol(Rol.ARTICULADOR, sence, first_name="Rosa")
    url = reverse("nucleo:inicio")

    client.force_login(paula)
    with CaptureQueriesContext(connection) as primera:
        de_paula = client.get(url).content.decode()
    client.force_login(rosa)
    with CaptureQueriesContext(connection) as segunda:
        de_rosa = client.get(url).content.decode()

    assert len(segunda) < len(primera)  # the region's panels come from the cache
    assert "Hola, Rosa" in de_rosa and "Hola, Paula" in de_paula
    assert "Valparaíso" in de_rosa and "Convenios por vencer (90 días)" in de_rosa


def test_los_paneles_personales_se_guardan_por_persona_hasta_que_cambian_los_datos(client):
    """A user's own invitations: read once while nothing changes, never shown to a colleague
    of the same scope, and answered ones gone at the next load."""
    from mesas.models import Asistencia
    from tests.factories import AsistenciaFactory, MesaRegionalFactory, SesionFactory, oficina

    senadis = oficina("senadis", "05")
    paula = usuario_con_rol(Rol.REPRESENTANTE, senadis, first_name="Paula")
    rosa = usuario_con_rol(Rol.REPRESENTANTE, senadis, first_name="Rosa")
    sesion = SesionFactory(mesa=MesaRegionalFactory())
    invitacion = AsistenciaFactory(sesion=sesion, institucion=senadis, persona=paula)
    url = reverse("nucleo:inicio")
    aviso = "Invitaciones a sesiones sin responder"

    client.force_login(paula)
    assert aviso in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as segunda:
        assert aviso in client.get(url).content.decode()
    consultas = [q["sql"] for q in segunda.captured_queries]  # before the next request resets them
    client.force_login(rosa)
    de_rosa = client.get(url).content.decode()

    assert consultas and not any("mesas_asistencia" in sql for sql in consultas)
    assert aviso not in de_rosa  # the invitation is Paula's own

    invitacion.estado = Asistencia.Estado.CONFIRMADA
    invitacion.save()
    client.force_login(paula)

    assert aviso not in client.get(url).content.decode()
