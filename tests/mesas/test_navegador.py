"""What a person does in the browser: the articulator schedules a monthly series (preview, then
create) and the OMIL of Limache uploads a minute."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from mesas.models import Minuta, Serie
from mesas.reglas import siguiente_dia_habil
from tests.conftest import ingresar
from tests.mesas import archivos

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTURAS = Path("var/capturas/mesas")


def test_articuladora_programa_serie_y_omil_sube_minuta(pagina, demo_transaccional, tmp_path):
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    ingresar(pagina, "articuladora")
    pagina.screenshot(path=CAPTURAS / "01-inicio-articuladora.png", full_page=True)

    # The articulator opens the regional mesa and schedules next year's monthly sessions.
    pagina.get_by_role("link", name="Mesas", exact=True).click()
    pagina.get_by_role("link", name="Mesa Intersectorial Regional de Valparaíso").click()
    pagina.screenshot(path=CAPTURAS / "02-mesa-regional.png", full_page=True)
    pagina.get_by_role("link", name="Programar serie mensual").click()
    anio = timezone.localdate().year + 1
    pagina.get_by_label("¿Cuándo se reúne la mesa?").fill("día 18, 10:00")
    pagina.get_by_label("Desde").fill(f"{anio}-01-01")
    pagina.get_by_label("o cantidad de sesiones").fill("12")
    pagina.get_by_role("button", name="Ver fechas").click()
    pagina.get_by_role("heading", name="Vista previa: 12 sesiones").wait_for()
    assert pagina.get_by_text("Día de la Independencia").is_visible()
    pagina.screenshot(path=CAPTURAS / "03-serie-vista-previa.png", full_page=True)
    sugerida = siguiente_dia_habil(date(anio, 9, 18))
    pagina.get_by_role("row").filter(has_text="Día de la Independencia").get_by_role(
        "button", name=f"Mover al {sugerida:%d-%m}"
    ).click()
    pagina.get_by_role("button", name="Crear 12 sesiones").click()

    pagina.get_by_text("Se programaron 12 sesiones").wait_for()
    pagina.screenshot(path=CAPTURAS / "04-serie-creada.png", full_page=True)
    serie = Serie.objects.get(regla="día 18, 10:00")
    dias = [timezone.localtime(s.inicio) for s in serie.sesiones.order_by("inicio")]
    assert len(dias) == 12
    assert dias[8].date() == sugerida
    assert {(d.hour, d.minute) for d in dias} == {(10, 0)}

    # The OMIL of Limache uploads the minute of its last session.
    pagina.context.clear_cookies()
    ingresar(pagina, "omil.limache")
    pagina.get_by_role("link", name="Mesas", exact=True).click()
    pagina.get_by_role("link", name="Limache").first.click()
    pagina.get_by_role("row").filter(has_text="Pendiente").get_by_role("link").first.click()
    pagina.get_by_role("link", name="Subir o escribir minuta").click()
    pdf = archivos.pdf("Minuta Limache.pdf")
    destino = tmp_path / pdf.name
    destino.write_bytes(pdf.read())
    pagina.get_by_label("Archivo de la minuta").set_input_files(str(destino))
    pagina.screenshot(path=CAPTURAS / "05-minuta-formulario.png", full_page=True)
    pagina.get_by_role("button", name="Guardar minuta").click()

    pagina.get_by_text("Minuta guardada (versión 1)").wait_for()
    pagina.screenshot(path=CAPTURAS / "06-minuta-subida.png", full_page=True)
    minuta = Minuta.objects.get(nombre_original="Minuta Limache.pdf")
    assert minuta.sesion.mesa.comuna.nombre == "Limache"
    assert minuta.texto == ""
    assert minuta.sesion.inicio > timezone.now() - timedelta(days=4)
