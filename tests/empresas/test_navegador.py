"""What a person does in the browser: the ejecutivo plans a visit inviting SENADIS, and the
SENADIS representative confirms it in one click."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from empresas.models import Empresa
from tests.conftest import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTURAS = "var/capturas/empresas"


def test_ejecutivo_planifica_visita_con_senadis_y_senadis_confirma(pagina, demo_transaccional):
    fecha = (timezone.localdate() + timedelta(days=6)).strftime("%Y-%m-%d")
    ingresar(pagina, "ejecutivo")

    # The ejecutivo finds a company that needs inclusive hiring and plans the visit.
    pagina.goto(f"{pagina.base_url}/empresas/?necesidad=discapacidad")
    pagina.locator("#resultados tbody a").first.click()
    empresa = pagina.get_by_role("heading", level=1).inner_text()
    pagina.get_by_role("link", name="Planificar visita").click()
    senadis = pagina.get_by_label("SENADIS Valparaíso", exact=False)
    assert senadis.is_checked()  # suggested from the company's needs
    pagina.get_by_label("Fecha y hora").fill(f"{fecha}T10:30")
    pagina.get_by_label("Objetivo").fill("Contratación inclusiva: ajustes de puestos y derivación.")
    pagina.screenshot(path=f"{CAPTURAS}/navegador-1-planificar.png", full_page=True)
    pagina.get_by_role("button", name="Planificar e invitar").click()

    pagina.get_by_text("Visita planificada. Se envió la invitación").wait_for()
    url_visita = pagina.url
    assert pagina.get_by_text("? SENADIS: sin respuesta").is_visible()
    # The subject names the company as the app does (its fantasy name when it has one).
    nombre = str(Empresa.objects.get(razon_social=empresa))
    assert any(nombre in m.subject for m in mail.outbox)

    # SENADIS confirms from the app, in one click, without reloading the page.
    pagina.context.clear_cookies()
    ingresar(pagina, "senadis")
    pagina.goto(url_visita)
    pagina.get_by_role("button", name="Confirmar asistencia").click()
    pagina.get_by_text("✓ Asistencia confirmada").wait_for()
    # The invited-services table updates too, in its own row.
    pagina.get_by_role("row").filter(has_text="SENADIS").get_by_text("✓ SENADIS: asiste").wait_for()
    assert not pagina.get_by_text("? SENADIS: sin respuesta").is_visible()
    pagina.screenshot(path=f"{CAPTURAS}/navegador-2-senadis-confirma.png", full_page=True)

    # The planner sees who is coming at a glance.
    pagina.context.clear_cookies()
    ingresar(pagina, "ejecutivo")
    pagina.goto(url_visita)
    assert pagina.get_by_text("✓ SENADIS: asiste").is_visible()
    pagina.screenshot(path=f"{CAPTURAS}/navegador-3-ejecutivo-ve.png", full_page=True)
