"""Issue 15 in the browser: the articulator schedules a series for Isla de Pascua's mesa on a
phone (390 px wide) and reads the island's time on the page and in the .ics."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from mesas.models import Serie
from nucleo.models import Rol
from tests.conftest import ingresar
from tests.factories import mesa_comunal, oficina, usuario_con_rol
from tests.factories.nucleo import CLAVE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTURAS = Path("var/capturas/mesas")


def _sin_desplazamiento_lateral(pagina) -> bool:
    return pagina.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_serie_de_isla_de_pascua_en_un_telefono(pagina):
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    # given the communal mesa of Isla de Pascua and the region's articulator, on a phone
    mesa = mesa_comunal("05201", miembros=("senadis",))
    usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "05"), username="articuladora.v")
    pagina.set_viewport_size({"width": 390, "height": 844})
    ingresar(pagina, "articuladora.v", CLAVE)

    # when she previews "primer lunes de cada mes, 10:00" from March next year
    anio = timezone.localdate().year + 1
    pagina.goto(f"{pagina.base_url}{reverse('mesas:serie_create', args=[mesa.pk])}")
    pagina.get_by_label("¿Cuándo se reúne la mesa?").fill("primer lunes de cada mes, 10:00")
    pagina.get_by_label("Desde").fill(f"{anio}-03-01")
    pagina.get_by_label("o cantidad de sesiones").fill("3")
    pagina.get_by_label("Lugar").fill("Municipalidad de Rapa Nui")
    pagina.get_by_role("button", name="Ver fechas").click()
    pagina.get_by_role("heading", name="Vista previa: 3 sesiones").wait_for()
    pagina.screenshot(path=CAPTURAS / "isla-1-vista-previa-390.png", full_page=True)

    # then the preview speaks of the island's time, both hours shown, nothing off-screen
    assert pagina.locator("#zona-serie").inner_text() == "Isla de Pascua"
    assert (
        "10:00 hora de Isla de Pascua · 12:00 en Santiago"
        in pagina.locator("#hora-del-lugar").inner_text()
    )
    assert _sin_desplazamiento_lateral(pagina)
    for campo in pagina.locator("#tabla-fechas input[type=date]").all():
        caja = campo.bounding_box()
        assert caja and caja["x"] >= 0 and caja["x"] + caja["width"] <= 390

    # when she creates them
    pagina.get_by_role("button", name="Crear 3 sesiones").click()
    pagina.get_by_text("Se programaron 3 sesiones").wait_for()
    assert _sin_desplazamiento_lateral(pagina)
    sesion = Serie.objects.get(mesa=mesa).sesiones.order_by("inicio").first()

    # then the session page shows the island's time and Santiago's
    pagina.goto(f"{pagina.base_url}{sesion.get_absolute_url()}")
    assert (
        "10:00 hora de Isla de Pascua · 12:00 en Santiago"
        in pagina.locator("#hora-del-lugar").inner_text()
    )
    pagina.screenshot(path=CAPTURAS / "isla-2-sesion-390.png", full_page=True)
    assert _sin_desplazamiento_lateral(pagina)

    # and the .ics says 10:00 in Pacific/Easter
    primer_lunes = min(d for d in (date(anio, 3, x) for x in range(1, 8)) if d.weekday() == 0)
    with pagina.expect_download() as descarga:
        pagina.get_by_role("link", name="Agregar a mi calendario (.ics)").click()
    texto = Path(descarga.value.path()).read_text()
    assert f"DTSTART;TZID=Pacific/Easter:{primer_lunes:%Y%m%d}T100000" in texto
    assert "TZID:Pacific/Easter" in texto

    # and the e-mailed invitation, opened on the phone, shows the island's time and its button
    from mesas import services

    asistencia = sesion.asistencias.first()
    pagina.context.clear_cookies()
    pagina.goto(f"{pagina.base_url}{services.enlace_respuesta(asistencia, 'rechazada')}")
    assert (
        "10:00 hora de Isla de Pascua · 12:00 en Santiago"
        in pagina.locator("#hora-del-lugar").inner_text()
    )
    boton = pagina.get_by_role("button", name="Avisar que no podrá asistir")
    boton.scroll_into_view_if_needed()
    caja = boton.bounding_box()
    assert caja and caja["x"] >= 0 and caja["x"] + caja["width"] <= 390
    assert _sin_desplazamiento_lateral(pagina)
    pagina.screenshot(path=CAPTURAS / "isla-3-invitacion-390.png", full_page=True)
