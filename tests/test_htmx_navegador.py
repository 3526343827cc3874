"""An htmx action in the browser shows that it is working and takes one tap: while the request is
in flight its button is disabled and its spinner says «Enviando…»; a double click sends it once."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mesas.models import PuntoTabla, Sesion
from tests.conftest import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_doble_clic_en_agregar_punto_envia_una_sola_peticion(pagina, demo_transaccional):
    # Given the articulator on a scheduled session of the regional mesa, and the answer held back.
    sesion = (
        Sesion.objects.filter(
            mesa__nombre__startswith="Mesa Intersectorial Regional",
            estado=Sesion.Estado.PROGRAMADA,
            inicio__gt=timezone.now(),
        )
        .order_by("inicio")
        .first()
    )
    antes = PuntoTabla.objects.filter(sesion=sesion).count()
    ingresar(pagina, "articuladora")
    pagina.wait_for_url(f"{pagina.base_url}/")
    pagina.goto(f"{pagina.base_url}{sesion.get_absolute_url()}")
    retenidas, enviadas = [], []

    def retener(route):  # the first request waits; any other goes through, and is counted
        enviadas.append(route.request.url)
        if len(enviadas) == 1:
            retenidas.append(route)
        else:
            route.continue_()

    pagina.route(f"**/sesiones/{sesion.pk}/tabla/", retener)
    pagina.get_by_label("Tema").fill("Oferta de capacitación del segundo semestre")
    boton = pagina.get_by_role("button", name="Agregar")

    # When the button is clicked twice in a row.
    boton.dblclick()

    # Then, while the answer is on its way, the button is disabled and the spinner shows.
    expect(boton).to_be_disabled()
    expect(boton.get_by_role("status")).to_have_text("Enviando…")
    expect(boton.get_by_role("status")).to_be_visible()
    assert len(enviadas) == 1
    retenidas[0].continue_()
    pagina.get_by_text("Oferta de capacitación del segundo semestre").wait_for()
    pagina.wait_for_load_state("networkidle")
    # And one request made one agenda item.
    assert len(enviadas) == 1
    assert PuntoTabla.objects.filter(sesion=sesion).count() == antes + 1
    expect(pagina.get_by_role("button", name="Agregar")).to_be_enabled()
