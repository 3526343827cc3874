"""The client's real address behind the reverse proxy: one decision (nucleo.historial.ip_de) for the
login lockout (axes), the history rows and the read log; a forged header is not believed."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nucleo.historial import ip_de
from nucleo.models import LecturaRegistrada, Rol
from tests.factories import (
    CLAVE,
    ConvenioFactory,
    MinutaFactory,
    SesionFactory,
    UsuarioFactory,
    mesa_comunal,
    omil_de,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db

NGINX = "172.18.0.5"  # the proxy's address on the compose network


@pytest.fixture
def detras_de_nginx(settings):
    settings.PROXY_COUNT = 1
    settings.PROXIES_CONFIABLES = ["172.16.0.0/12"]


def por_nginx(cliente: str, enviado: str | None = None) -> dict:
    """The request headers nginx forwards (`$proxy_add_x_forwarded_for`): whatever the client sent,
    then the client's address."""
    cadena = f"{enviado}, {cliente}" if enviado else cliente
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": cadena}


def test_el_bloqueo_alcanza_solo_al_cliente_real(client, detras_de_nginx, settings):
    UsuarioFactory(username="ana")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"), {"username": "ana", "password": "mala"}, **por_nginx("200.1.1.1")
        )

    atacante = client.post(
        reverse("login"), {"username": "ana", "password": CLAVE}, **por_nginx("200.1.1.1")
    )
    ana_desde_su_oficina = client.post(
        reverse("login"), {"username": "ana", "password": CLAVE}, **por_nginx("190.5.44.12")
    )

    assert atacante.status_code == 429
    assert "Acceso bloqueado temporalmente" in atacante.content.decode()
    assert ana_desde_su_oficina.status_code == 302


def test_una_cabecera_inventada_no_cambia_la_direccion_bloqueada(client, detras_de_nginx, settings):
    UsuarioFactory(username="ana")
    # Through the proxy, the attacker writes a different X-Forwarded-For on every try.
    for intento in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "ana", "password": "mala"},
            **por_nginx("200.1.1.1", enviado=f"10.9.9.{intento}"),
        )

    otra_vez = client.post(
        reverse("login"),
        {"username": "ana", "password": CLAVE},
        **por_nginx("200.1.1.1", enviado="10.9.9.99"),
    )

    assert otra_vez.status_code == 429


def test_un_cliente_que_no_es_proxy_no_elige_su_direccion(detras_de_nginx):
    directo = RequestFactory().get("/", REMOTE_ADDR="200.2.2.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    sin_proxy = RequestFactory().get("/", REMOTE_ADDR=NGINX)
    basura = RequestFactory().get("/", **por_nginx("no-es-una-ip"))
    con_puerto = RequestFactory().get("/", **por_nginx("200.1.1.1:51234"))

    assert ip_de(directo) == "200.2.2.2"
    assert ip_de(sin_proxy) == NGINX
    assert ip_de(basura) == NGINX
    assert ip_de(con_puerto) == "200.1.1.1"


def test_sin_proxy_configurado_se_usa_la_conexion(settings):
    settings.PROXY_COUNT = 0
    pedido = RequestFactory().get("/", **por_nginx("200.1.1.1"))

    assert ip_de(pedido) == NGINX


def test_el_historial_registra_la_ip_del_cliente_real(detras_de_nginx):
    HistoricalRecords.context.request = RequestFactory().get(
        "/", **por_nginx("190.5.44.12", enviado="6.6.6.6")
    )
    try:
        convenio = ConvenioFactory()
    finally:
        del HistoricalRecords.context.request

    assert convenio.history.get().ip == "190.5.44.12"


def test_la_lectura_registrada_guarda_la_ip_del_cliente_real(client, detras_de_nginx):
    omil = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))
    sesion = SesionFactory(
        mesa=mesa_comunal("05802"), estado="realizada", inicio=timezone.now() - timedelta(days=3)
    )
    minuta = MinutaFactory(sesion=sesion, con_archivo=True)
    client.force_login(omil)

    respuesta = client.get(
        reverse("mesas:minuta_download", args=[minuta.pk]),
        **por_nginx("190.5.44.12", enviado="6.6.6.6"),
    )

    assert respuesta.status_code == 200
    assert LecturaRegistrada.objects.get().ip == "190.5.44.12"
