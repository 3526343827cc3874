"""In the browser: an invited person accepts with ClaveÚnica (a real OpenID Connect provider),
lands in the app with their role, and signing out also ends the ClaveÚnica session."""

import re

import pytest
from django.core import mail

from nucleo.models import Rol, Usuario
from nucleo.personas import services
from tests.factories import oficina, usuario_con_rol

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_invitada_acepta_con_claveunica_y_al_salir_sale_tambien_de_claveunica(
    pagina, claveunica, settings
):
    settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = ["'self'", claveunica]
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    invitacion = services.invitacion_crear(
        email="rosa@senadis.cl", institucion=oficina("senadis"), rol=Rol.REPRESENTANTE,
        por=articuladora,
    )  # fmt: skip
    enlace = re.search(r"http://\S+(/invitacion/\S+/)", mail.outbox[-1].body).group(1)
    assert invitacion.pk

    pagina.goto(pagina.base_url + enlace)
    pagina.get_by_role("link", name="Aceptar e ingresar con ClaveÚnica").click()
    pagina.get_by_role("heading", name="ClaveÚnica (prueba)").wait_for()
    pagina.get_by_label("RUN").fill("44.444.444-4")
    pagina.get_by_label("ClaveÚnica").fill("cualquiera")
    pagina.get_by_role("button", name="Autenticar").click()

    pagina.get_by_role("button", name="Persona Prueba 44444444").click()
    assert pagina.get_by_text("Representante de servicio · SENADIS Valparaíso").first.is_visible()
    usuario = Usuario.objects.get(run="44444444-4")
    assert usuario.email == "rosa@senadis.cl"

    pagina.get_by_role("button", name="Cerrar sesión").click()
    pagina.get_by_role("heading", name="Cerrar sesión en ClaveÚnica").wait_for()
    pagina.get_by_role("button", name="Cerrar sesión").click()
    pagina.get_by_role("heading", name="Ingresar a Mesas Intersectoriales").wait_for()

    # ClaveÚnica forgot her too: signing in again asks for the RUN.
    pagina.get_by_role("link", name="Ingresar con ClaveÚnica").click()
    pagina.get_by_role("heading", name="ClaveÚnica (prueba)").wait_for()
