"""Issue 18 in the browser: a job seeker finds a programme in their comuna (by keyboard), a
company asks for a joint visit and an ejecutivo turns it into a planned visit; axe-core finds
no violation on the public pages."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from tests.conftest import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CAPTURAS = "var/capturas/oferta"


@pytest.fixture
def pagina(navegador, live_server, datos_referencia):
    """As conftest's, but axe-core is injected: the CSP is bypassed in this context only."""
    contexto = navegador.new_context(
        locale="es-CL", timezone_id="America/Santiago", bypass_csp=True, reduced_motion="reduce"
    )
    page = contexto.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    contexto.close()


def _sin_violaciones(pagina) -> None:
    pagina.add_script_tag(path=str(AXE))
    resultado = pagina.evaluate("async () => JSON.stringify(await axe.run())")
    violaciones = json.loads(resultado)["violations"]
    assert not violaciones, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violaciones]


def test_una_persona_encuentra_un_programa_en_su_comuna_con_el_teclado(pagina, demo_transaccional):
    pagina.goto(f"{pagina.base_url}/oferta/")
    _sin_violaciones(pagina)

    # Keyboard only: the skip link first, then the region's link.
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.textContent").startswith("Saltar")
    enlace = pagina.get_by_role("link", name="Valparaíso")
    enlace.focus()
    pagina.keyboard.press("Enter")
    pagina.get_by_role("heading", level=1, name="Empleo y capacitación en la").wait_for()
    _sin_violaciones(pagina)

    pagina.get_by_label("Tu comuna").focus()
    pagina.get_by_label("Tu comuna").select_option(label="Limache")
    pagina.keyboard.press("Tab")
    pagina.keyboard.press("Enter")
    pagina.get_by_role("heading", level=1, name="Empleo y capacitación en Limache").wait_for()
    assert pagina.get_by_text("Lunes a viernes, de 8:30 a 14:00").is_visible()
    _sin_violaciones(pagina)

    pagina.get_by_label("Programas para").select_option(label="Mujeres")
    pagina.get_by_label("Programas para").focus()
    pagina.keyboard.press("Tab")
    pagina.keyboard.press("Enter")
    pagina.get_by_role("link", name="Mujeres Jefas de Hogar").wait_for()
    assert not pagina.get_by_role("link", name="Oficina de Discapacidad").count()
    pagina.screenshot(path=f"{CAPTURAS}/1-comuna.png", full_page=True)

    pagina.get_by_role("link", name="Mujeres Jefas de Hogar").focus()
    pagina.keyboard.press("Enter")
    pagina.get_by_role("heading", name="¿Cómo postular?").wait_for()
    og = pagina.locator('meta[property="og:title"]').get_attribute("content")
    assert og == "Mujeres Jefas de Hogar (SERNAMEG)"
    _sin_violaciones(pagina)
    pagina.emulate_media(media="print")
    assert not pagina.get_by_role("link", name="Compartir por WhatsApp").is_visible()
    pagina.screenshot(path=f"{CAPTURAS}/2-programa-impreso.png", full_page=True)


def test_los_datos_abiertos_se_leen_sin_violaciones(pagina, demo_transaccional):
    pagina.goto(f"{pagina.base_url}/oferta/region/05/")
    pagina.get_by_role("link", name="Ver los datos abiertos y qué significa cada campo").click()
    pagina.get_by_role("heading", level=1, name="Datos abiertos de la red de empleo").wait_for()
    _sin_violaciones(pagina)

    enlace = pagina.get_by_role("link", name="mesas.csv").get_attribute("href")
    respuesta = pagina.request.get(f"{pagina.base_url}{enlace}")
    assert respuesta.ok
    assert respuesta.text().startswith("mesa_id,tipo,nombre")


def test_una_empresa_pide_visita_y_el_ejecutivo_la_planifica(pagina, demo_transaccional):
    pagina.goto(f"{pagina.base_url}/oferta/empresas/solicitar-visita/")
    _sin_violaciones(pagina)
    pagina.get_by_label("Razón social").fill("Conservas del Aconcagua SpA")
    pagina.get_by_label("RUT de la empresa").fill("77.777.777-7")
    pagina.get_by_label("Comuna donde está la empresa").select_option(label="Limache")
    pagina.get_by_label("Rubro").select_option(label="Industria de alimentos y bebidas")
    pagina.get_by_label("Tamaño").select_option(label="Mediana empresa")
    pagina.get_by_label("Contratación inclusiva (personas con discapacidad)").check()
    pagina.get_by_label("Vacantes por cubrir").check()
    pagina.get_by_label("Nombre de la persona de contacto").fill("Rosa Pérez")
    pagina.get_by_label("Correo electrónico").fill("rosa@conservas.cl")
    pagina.wait_for_timeout(4500)  # a person takes a few seconds; bots do not
    pagina.get_by_role("button", name="Enviar solicitud").click()
    pagina.get_by_role("heading", name="Recibimos su solicitud").wait_for()
    _sin_violaciones(pagina)
    assert any(m.to == ["rosa@conservas.cl"] for m in mail.outbox)

    ingresar(pagina, "ejecutivo")
    pagina.get_by_role("link", name="Solicitudes de empresas").click()
    pagina.get_by_role("link", name="Conservas del Aconcagua SpA").click()
    assert pagina.get_by_label("SENADIS Valparaíso", exact=False).is_checked()
    fecha = (timezone.localdate() + timedelta(days=8)).strftime("%Y-%m-%d")
    pagina.get_by_label("Fecha y hora").fill(f"{fecha}T11:00")
    pagina.get_by_role("button", name="Aceptar y planificar la visita").click()
    pagina.get_by_text("Visita planificada y empresa registrada en la red").wait_for()
    pagina.screenshot(path=f"{CAPTURAS}/3-visita-planificada.png", full_page=True)
    assert "/empresas/visitas/" in pagina.url
    avisos = [m for m in mail.outbox if m.to == ["rosa@conservas.cl"]]
    assert len(avisos) == 2
    assert (timezone.localdate() + timedelta(days=8)).strftime("%d-%m-%Y") in avisos[1].body
