"""What a person does in the browser to import companies: uploads a real spreadsheet, reads in
the preview which column feeds which field, fixes the columns the importer did not recognise,
and confirms."""

import pytest

from empresas.models import Empresa
from nucleo.models import Rol
from tests.casos.test_casos import CASOS
from tests.conftest import ingresar
from tests.factories import usuario_con_rol
from tests.factories.nucleo import CLAVE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTURAS = "var/capturas/empresas"


def test_ejecutivo_importa_una_planilla_real_y_corrige_columnas_no_reconocidas(pagina, tmp_path):
    usuario_con_rol(Rol.EJECUTIVO, username="ejecutiva.importa")
    ingresar(pagina, "ejecutiva.importa", CLAVE)

    # A workbook with the RUT's body and check digit in two columns: both are read.
    pagina.goto(f"{pagina.base_url}/empresas/importar/")
    pagina.get_by_label("Planilla de empresas").set_input_files(
        str(CASOS / "empresas-rut-y-dv-separados.xlsx")
    )
    pagina.get_by_role("button", name="Revisar la planilla").click()
    pagina.get_by_role("heading", name="Columnas de la planilla").wait_for()
    assert pagina.get_by_label("Columna B «DV»").input_value() == "dv"
    assert pagina.get_by_role("cell", name="76.123.411-0").is_visible()
    pagina.screenshot(path=f"{CAPTURAS}/importar-1-rut-y-dv.png", full_page=True)
    pagina.get_by_role("button", name="Importar 2 empresas").click()
    pagina.get_by_text("Importación lista: 2 empresas nuevas").wait_for()

    # A CSV whose titles the importer does not know: nothing can be imported until the person
    # says which column is which; the column left unused is named.
    csv = tmp_path / "proveedores.csv"
    csv.write_text(
        "Identificador;Nombre legal;Ciudad;Observaciones\n"
        "77.345.678-K;Constructora Sur SpA;Limache;cliente antiguo\n",
        encoding="cp1252",
    )
    pagina.goto(f"{pagina.base_url}/empresas/importar/")
    pagina.get_by_label("Planilla de empresas").set_input_files(str(csv))
    pagina.get_by_role("button", name="Revisar la planilla").click()
    pagina.get_by_text("No se reconocieron las columnas obligatorias: RUT, Comuna").wait_for()
    assert not pagina.get_by_role("button", name="Importar 1 empresa").is_visible()
    pagina.get_by_label("Columna A «Identificador»").select_option("rut")
    pagina.get_by_label("Columna C «Ciudad»").select_option("comuna")
    pagina.get_by_role("button", name="Aplicar columnas").click()
    pagina.get_by_text("No se usarán: columna D «Observaciones»").wait_for()
    pagina.screenshot(path=f"{CAPTURAS}/importar-2-columnas.png", full_page=True)
    pagina.get_by_role("button", name="Importar 1 empresa").click()
    pagina.get_by_text("Importación lista: 1 empresas nuevas").wait_for()

    assert set(Empresa.objects.values_list("rut", flat=True)) == {
        "76123411-0",
        "76123456-0",
        "77345678-K",
    }
