"""Screens of the convenios app as the articuladora sees them."""

from pathlib import Path

import pytest

from tests.conftest import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTURAS = Path("var/capturas/convenios")


def test_articuladora_ve_el_aviso_en_inicio_y_filtra_convenios(pagina, demo_transaccional):
    CAPTURAS.mkdir(parents=True, exist_ok=True)

    ingresar(pagina, "articuladora")
    pagina.get_by_role("heading", name="Convenios por vencer (90 días)").wait_for()
    pagina.screenshot(path=str(CAPTURAS / "inicio-articuladora.png"), full_page=True)
    pagina.get_by_role("link", name="Convenios", exact=True).first.click()
    pagina.get_by_label("Estado").select_option("vigente")
    pagina.get_by_role("button", name="Filtrar").click()
    pagina.screenshot(path=str(CAPTURAS / "convenios-lista.png"), full_page=True)
    pagina.get_by_role("link", name="SENCE–SENDA").first.click()

    assert pagina.get_by_text("Vence el").first.is_visible()
    pagina.screenshot(path=str(CAPTURAS / "convenio-detalle.png"), full_page=True)
    pagina.get_by_role("link", name="Editar").click()
    pagina.get_by_role("button", name="Agregar obligación").click()
    pagina.screenshot(path=str(CAPTURAS / "convenio-editar.png"), full_page=True)
