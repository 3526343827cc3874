"""What a person does in the browser: the OMIL adds lines and sends, SENCE observes."""

from pathlib import Path

import pytest

from omil.models import PlanComunal
from tests.conftest import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTURAS = Path("var/capturas/omil")


def test_omil_agrega_dos_lineas_envia_y_la_articuladora_observa(pagina, demo_transaccional):
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    plan = PlanComunal.objects.get(comuna__nombre="Limache")
    antes = plan.lineas.count()

    ingresar(pagina, "omil.limache")
    pagina.goto(f"{pagina.base_url}/omil/planes/{plan.pk}/editar/")
    for numero, actividad in enumerate(["Feria inclusiva de Limache", "Taller Previene"], 1):
        pagina.get_by_role("button", name="Agregar línea de acción").click()
        fila = pagina.locator("[data-fila]").nth(antes + numero - 1)
        fila.get_by_label("Actividad").fill(actividad)
        fila.get_by_label("SENDA").check()
        fila.get_by_label("Meta (número)").fill("15")
        fila.get_by_label("Unidad de la meta").fill("personas")
        fila.get_by_label("Plazo").fill(f"{plan.anio}-11-30")
    pagina.screenshot(path=str(CAPTURAS / "plan-editar-limache.png"), full_page=True)
    pagina.get_by_role("button", name="Guardar plan").click()
    pagina.get_by_text("Plan guardado").wait_for()
    pagina.get_by_role("button", name="Enviar plan a SENCE").click()
    pagina.get_by_text("Plan enviado a SENCE").wait_for()
    pagina.screenshot(path=str(CAPTURAS / "plan-enviado-limache.png"), full_page=True)

    pagina.get_by_role("button", name="Carolina Muñoz Vega").click()
    pagina.get_by_role("button", name="Cerrar sesión").click()
    ingresar(pagina, "articuladora")
    pagina.goto(f"{pagina.base_url}/omil/planes/{plan.pk}/")
    pagina.get_by_role("link", name="Observar plan").click()
    pagina.get_by_label("Observaciones para la OMIL").fill("Precisar la meta de la feria.")
    pagina.get_by_role("button", name="Enviar observaciones").click()
    pagina.get_by_text("Observaciones enviadas a la OMIL").wait_for()
    pagina.screenshot(path=str(CAPTURAS / "plan-observado-limache.png"), full_page=True)

    plan.refresh_from_db()
    assert plan.estado == PlanComunal.Estado.OBSERVADO
    assert plan.observaciones == "Precisar la meta de la feria."
    assert plan.lineas.count() == antes + 2
    assert list(plan.transiciones.values_list("hacia", flat=True))[-2:] == [
        "enviado",
        "observado",
    ]
