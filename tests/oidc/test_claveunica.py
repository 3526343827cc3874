"""Sign-in with ClaveÚnica end to end, against a real OpenID Connect provider (servidor.mjs)."""

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.urls import reverse

from nucleo.models import Membresia, Rol, Usuario
from nucleo.personas import services
from tests.factories import oficina, usuario_con_rol
from tests.oidc.conftest import TESTSERVER

pytestmark = [pytest.mark.django_db, pytest.mark.services]

RUN = "44.444.444-4"


def por_el_proveedor(url: str, run: str, navegador: requests.Session | None = None) -> str:
    """What a person does at ClaveÚnica: type the RUN and the password. Returns the URL the
    provider sends them back to (our callback, with the code and the state)."""
    navegador = navegador or requests.Session()
    respuesta = navegador.get(url, allow_redirects=False, timeout=10)
    for _ in range(10):
        if respuesta.is_redirect:
            destino = urljoin(respuesta.url, respuesta.headers["location"])
            if destino.startswith(TESTSERVER):
                return destino
            respuesta = navegador.get(destino, allow_redirects=False, timeout=10)
            continue
        assert "ClaveÚnica (prueba)" in respuesta.text, respuesta.text[:500]
        accion = re.search(r'action="([^"]+)"', respuesta.text).group(1)
        respuesta = navegador.post(
            urljoin(respuesta.url, accion),
            data={"run": run, "clave": "cualquiera"},
            allow_redirects=False,
            timeout=10,
        )
    raise AssertionError("el proveedor no devolvió a la aplicación")


def ingresar(client, run: str = RUN, navegador=None):
    inicio = client.get(reverse("oidc_authentication_init"))
    assert inicio.status_code == 302
    retorno = por_el_proveedor(inicio.url, run, navegador)
    return client.get(retorno.removeprefix(TESTSERVER)), inicio.url


def test_invitada_entra_con_claveunica_y_su_run_queda_en_la_cuenta(client, claveunica):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    invitacion = services.invitacion_crear(
        email="nueva@senda.cl", institucion=oficina("senda"), rol=Rol.REPRESENTANTE,
        por=articuladora,
    )  # fmt: skip
    aceptar = client.get(
        reverse("nucleo:invitacion_aceptar", args=[services.invitacion_token(invitacion)])
    )

    respuesta, autorizacion = ingresar(client)

    assert "Aceptar e ingresar con ClaveÚnica" in aceptar.content.decode()
    parametros = parse_qs(urlsplit(autorizacion).query)
    assert parametros["code_challenge_method"] == ["S256"]
    assert parametros["code_challenge"] and parametros["state"] and parametros["nonce"]
    assert parametros["scope"] == ["openid run name email"]
    assert respuesta.status_code == 302 and respuesta.url == reverse("nucleo:inicio")
    usuario = Usuario.objects.get(run="44444444-4")
    assert usuario.email == "nueva@senda.cl" and usuario.last_name == "Prueba 44444444"
    assert not usuario.has_usable_password()
    assert Membresia.objects.get(usuario=usuario).rol == Rol.REPRESENTANTE
    assert client.get(reverse("nucleo:inicio")).status_code == 200


def test_la_segunda_vez_la_encuentra_por_su_run(client, claveunica):
    persona = usuario_con_rol(Rol.EJECUTIVO, run="44444444-4")

    respuesta, _ = ingresar(client)

    assert respuesta.status_code == 302 and respuesta.url == reverse("nucleo:inicio")
    assert client.get(reverse("nucleo:inicio")).wsgi_request.user == persona


def test_run_sin_cuenta_ni_invitacion_no_entra(client, claveunica):
    respuesta, _ = ingresar(client)
    pagina = client.get(respuesta.url)

    assert respuesta.url == reverse("login")
    assert "Tu RUN no tiene una cuenta" in pagina.content.decode()
    assert not Usuario.objects.filter(run="44444444-4").exists()


def test_digito_verificador_equivocado_no_entra(client, claveunica):
    usuario_con_rol(Rol.EJECUTIVO, run="44444444-4")

    respuesta, _ = ingresar(client, run="44444444-5")
    pagina = client.get(respuesta.url)

    assert "dígito verificador" in pagina.content.decode()
    assert not pagina.wsgi_request.user.is_authenticated


def test_un_state_que_no_pedimos_se_rechaza(client, claveunica):
    usuario_con_rol(Rol.EJECUTIVO, run="44444444-4")
    inicio = client.get(reverse("oidc_authentication_init"))
    retorno = por_el_proveedor(inicio.url, RUN)

    falso = re.sub(r"state=[^&]+", "state=otro", retorno)
    respuesta = client.get(falso.removeprefix(TESTSERVER))

    assert respuesta.status_code == 400
    assert not client.get(reverse("nucleo:inicio")).wsgi_request.user.is_authenticated


def test_salir_cierra_tambien_la_sesion_en_claveunica(client, claveunica):
    usuario_con_rol(Rol.EJECUTIVO, run="44444444-4")
    navegador = requests.Session()
    ingresar(client, navegador=navegador)

    salida = client.post(reverse("logout"))
    confirmar = navegador.get(salida.url, timeout=10)
    accion = re.search(r'<form[^>]*action="([^"]+)"', confirmar.text).group(1)
    campos = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', confirmar.text))
    vuelta = navegador.post(
        urljoin(confirmar.url, accion), data={**campos, "logout": "yes"}, allow_redirects=False
    )
    otra_vez = navegador.get(client.get(reverse("oidc_authentication_init")).url, timeout=10)

    assert salida.url.startswith(f"{claveunica}/session/end?")
    assert "id_token_hint=" in salida.url
    assert vuelta.headers["location"] == f"{TESTSERVER}/cuenta/login/"
    assert not client.get(reverse("nucleo:inicio")).wsgi_request.user.is_authenticated
    assert "ClaveÚnica (prueba)" in otra_vez.text  # the provider asks again: its session ended


def test_boton_de_claveunica_solo_cuando_esta_configurada(client, settings):
    settings.CLAVEUNICA_ISSUER = ""

    pagina = client.get(reverse("login")).content.decode()

    assert "Ingresar con ClaveÚnica" not in pagina
    assert client.get(reverse("oidc_authentication_init")).status_code == 404


def test_quien_ya_tiene_su_run_acepta_otra_invitacion_con_claveunica(client, claveunica):
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    persona = usuario_con_rol(Rol.REPRESENTANTE, oficina("senda"), run="44444444-4")
    invitacion = services.invitacion_crear(
        email="otra@senadis.cl", institucion=oficina("senadis"), rol=Rol.REPRESENTANTE,
        por=articuladora,
    )  # fmt: skip
    client.get(reverse("nucleo:invitacion_aceptar", args=[services.invitacion_token(invitacion)]))

    ingresar(client)

    assert Usuario.objects.filter(run="44444444-4").count() == 1
    assert persona.membresias.filter(activa=True).count() == 2
    invitacion.refresh_from_db()
    assert invitacion.aceptada_por == persona
