import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nucleo.models import Rol
from tests.factories import CLAVE, UsuarioFactory, usuario_con_rol

pytestmark = pytest.mark.django_db


def test_anonimo_va_al_login_en_castellano(client):
    respuesta = client.get("/", follow=True)

    assert respuesta.redirect_chain[-1][0].startswith(reverse("login"))
    assert "Ingresar a Mesas Intersectoriales" in respuesta.content.decode()
    assert 'lang="es-CL"' in respuesta.content.decode()


def test_clave_equivocada_da_mensaje_en_castellano(client):
    UsuarioFactory(username="ana")

    respuesta = client.post(reverse("login"), {"username": "ana", "password": "otra"})

    assert respuesta.status_code == 200
    assert "Usuario o contraseña incorrectos" in respuesta.content.decode()


def test_bloqueo_tras_intentos_fallidos_por_usuario_e_ip(client, settings):
    UsuarioFactory(username="ana")
    UsuarioFactory(username="berta")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "ana", "password": "mala"})

    bloqueada = client.post(reverse("login"), {"username": "ana", "password": CLAVE})
    colega = client.post(reverse("login"), {"username": "berta", "password": CLAVE})

    assert bloqueada.status_code == 429
    assert "Acceso bloqueado temporalmente" in bloqueada.content.decode()
    # A colleague behind the same address is not locked out.
    assert colega.status_code == 302


def test_ingreso_correcto_lleva_al_inicio(client):
    usuario_con_rol(Rol.ARTICULADOR, username="paula")

    respuesta = client.post(reverse("login"), {"username": "paula", "password": CLAVE}, follow=True)

    assert respuesta.redirect_chain[-1][0] == reverse("nucleo:inicio")
    assert "Región de Valparaíso" in respuesta.content.decode()


def test_usuario_sin_rol_ve_solo_un_mensaje(client):
    client.force_login(UsuarioFactory())

    contenido = client.get(reverse("nucleo:inicio")).content.decode()

    assert "todavía no tiene un rol asignado" in contenido
    assert "Región de" not in contenido


@pytest.mark.parametrize(
    ("username", "esperado", "ausente"),
    [
        ("articuladora", ["Región de Valparaíso", "Marga Marga", "OMIL registradas"], ["Biobío"]),
        ("director", ["Región de Valparaíso", "Director/a regional"], []),
        ("ejecutivo", ["Región de Valparaíso"], []),
        ("omil.limache", ["Comuna de Limache", "Provincia de Marga Marga"], ["OMIL registradas"]),
        ("omil.vina", ["Comuna de Viña del Mar", "Provincia de Valparaíso"], ["Limache"]),
        ("senda", ["SENDA — Valparaíso", "Previene"], ["OMIL registradas"]),
        ("senadis", ["SENADIS — Valparaíso", "Oficina de Discapacidad"], []),
        ("sernameg", ["SERNAMEG — Valparaíso", "Mujeres Jefas de Hogar"], []),
        ("seremi", ["SEREMI de Economía — Valparaíso"], []),
        ("articuladora.biobio", ["Región del Biobío"], ["Región de Valparaíso"]),
        ("admin", ["todavía no tiene un rol asignado", "Ir a la administración"], []),
    ],
)
def test_cada_usuario_demo_ve_su_inicio(client, demo, username, esperado, ausente):
    respuesta = client.post(
        reverse("login"), {"username": username, "password": "mesas-demo"}, follow=True
    )

    contenido = respuesta.content.decode()
    assert respuesta.redirect_chain[-1][0] == reverse("nucleo:inicio")

    for texto in esperado:
        assert texto in contenido
    for texto in ausente:
        assert texto not in contenido


def test_pagina_inexistente_da_404_en_castellano(client):
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    respuesta = client.get("/no-existe/")

    assert respuesta.status_code == 404
    assert "Página no encontrada" in respuesta.content.decode()


def test_restablecer_clave_envia_correo_en_castellano(client):
    UsuarioFactory(username="ana", email="ana@ejemplo.cl")

    respuesta = client.post(reverse("password_reset"), {"email": "ana@ejemplo.cl"}, follow=True)

    assert "Revisa tu correo" in respuesta.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Restablecer tu contraseña de Mesas Intersectoriales"
    assert "/cuenta/reset/" in mail.outbox[0].body


def test_usuario_desactivado_pierde_la_sesion_en_la_siguiente_peticion(client):
    usuario = usuario_con_rol(Rol.ARTICULADOR)
    client.force_login(usuario)
    assert client.get(reverse("nucleo:inicio")).status_code == 200

    usuario.is_active = False
    usuario.save()
    respuesta = client.get(reverse("nucleo:inicio"))

    assert respuesta.status_code == 302
    assert respuesta.url.startswith(reverse("login"))


def test_sesion_expira_tras_la_duracion_maxima(client, settings):
    from datetime import timedelta

    client.force_login(usuario_con_rol(Rol.ARTICULADOR))
    client.get(reverse("nucleo:inicio"))
    sesion = client.session
    sesion["nucleo_inicio_sesion"] -= int(settings.SESION_DURACION_MAXIMA.total_seconds()) + 1
    sesion.save()

    respuesta = client.get(reverse("nucleo:inicio"))

    assert respuesta.status_code == 302
    assert client.get(reverse("nucleo:inicio")).status_code == 302
    assert timedelta(hours=1) < settings.SESION_DURACION_MAXIMA


def test_la_actividad_renueva_la_sesion_como_mucho_una_vez_por_minuto(client, settings):
    from django.contrib.sessions.models import Session

    from nucleo.middleware import SesionMiddleware

    assert settings.SESSION_COOKIE_AGE <= 2 * 60 * 60
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))
    clave = client.session.session_key

    def vence():
        return Session.objects.get(session_key=clave).expire_date

    client.get(reverse("nucleo:inicio"))
    primera = vence()
    with CaptureQueriesContext(connection) as consultas:
        client.get(reverse("nucleo:inicio"))
    assert vence() == primera  # within the minute: nothing written
    assert not any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in consultas)

    sesion = client.session
    sesion[SesionMiddleware.CLAVE_RENOVADA] -= SesionMiddleware.RENOVAR_CADA
    sesion.save()
    guardada = vence()
    client.get(reverse("nucleo:inicio"))

    assert vence() > guardada  # a minute later the inactivity limit moves forward


def test_cerrar_sesion(client):
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    client.post(reverse("logout"))

    assert client.get(reverse("nucleo:inicio")).status_code == 302


def test_pagina_base_es_accesible(client):
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    contenido = client.get(reverse("nucleo:inicio")).content.decode()

    assert 'href="#contenido"' in contenido
    assert '<main id="contenido"' in contenido
    assert 'aria-label="Navegación principal"' in contenido
    assert "cdn" not in contenido.lower()


def test_el_menu_marca_solo_la_pagina_actual(client):
    import re

    from nucleo.models import Rol
    from tests.factories import usuario_con_rol

    client.force_login(usuario_con_rol(Rol.ARTICULADOR))

    pagina = client.get(reverse("mesas:panorama")).content.decode()

    actuales = re.findall(r'<a[^>]*aria-current="page"[^>]*>([^<]+)</a>', pagina)
    assert [a.strip() for a in actuales] == ["Panorama regional"]
