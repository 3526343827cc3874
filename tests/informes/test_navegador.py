import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_pide_el_informe_semestral_y_descarga_el_pdf(pagina, demo_transaccional):
    ingresar(pagina, "director")
    pagina.get_by_role("link", name="Informes").first.click()
    pagina.wait_for_load_state()  # informes.js listens from DOMContentLoaded on

    pagina.get_by_label("Tipo de informe").select_option("semestral")
    expect(pagina.get_by_label("Periodo")).to_have_value(re.compile(r"^\d{4}-S[12]$"))
    pagina.get_by_label("Periodo").fill("2026-S1")
    pagina.get_by_role("button", name="Generar").click()

    pagina.get_by_text("listo para descargar").wait_for()
    pagina.screenshot(path="var/capturas/informes/lista.png", full_page=True)
    with pagina.expect_download() as descarga:
        pagina.get_by_role("link", name="PDF").first.click()
    contenido = Path(descarga.value.path()).read_bytes()
    lector = PdfReader(io.BytesIO(contenido))
    texto = "\n".join(p.extract_text() for p in lector.pages)
    assert descarga.value.suggested_filename == "informe-semestral-05-2026-S1-v1.pdf"
    assert "primer semestre de 2026" in texto
    assert "Mesa Intersectorial Regional" in texto
    assert "Evaluación semestral" in texto
