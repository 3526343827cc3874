"""Screens of the convenios app as the articuladora sees them."""

from pathlib import Path

import pytest

from convenios.models import Convenio
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
    convenio = Convenio.objects.get(pk=pagina.url.rstrip("/").split("/")[-2])
    antes = convenio.obligaciones.count()
    filas = pagina.locator("[data-fila]:visible")
    assert filas.count() == antes

    # Two rows added without reloading (the focus goes to the new row), the second removed.
    pagina.get_by_role("button", name="Agregar obligación").click()
    nueva = filas.nth(antes)
    assert nueva.locator("select").evaluate("e => e === document.activeElement")
    nueva.locator("select").select_option(index=1)
    nueva.locator("textarea").fill("Difundir la oferta de SENCE entre sus usuarios")
    pagina.get_by_role("button", name="Agregar obligación").click()
    filas.nth(antes + 1).locator("textarea").fill("Esta fila se quita")
    filas.nth(antes + 1).get_by_role("button", name="Quitar esta obligación").click()
    assert filas.count() == antes + 1
    pagina.screenshot(path=str(CAPTURAS / "convenio-editar.png"), full_page=True)
    pagina.get_by_role("button", name="Guardar convenio").click()
    pagina.wait_for_url(f"**{convenio.get_absolute_url()}")

    textos = list(convenio.obligaciones.values_list("descripcion", flat=True))
    assert len(textos) == antes + 1
    assert "Difundir la oferta de SENCE entre sus usuarios" in textos
    assert "Esta fila se quita" not in textos
