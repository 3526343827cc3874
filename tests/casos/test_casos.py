"""The real-world files of issue 14 (tests/casos/archivos/), each through the page a person uses,
with its right value. The kinds behind them are tried with generated variants in
test_variantes.py and with damaged copies in test_fuzz.py."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from empresas.models import Empresa
from mesas.models import Minuta
from nucleo.models import Rol
from omil.models import PlanComunal
from tests.factories import (
    PlanComunalFactory,
    SesionFactory,
    mesa_comunal,
    omil_de,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db

CASOS = Path(__file__).parent / "archivos"


def caso(nombre: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, (CASOS / nombre).read_bytes())


@pytest.fixture
def ejecutivo(client):
    usuario = usuario_con_rol(Rol.EJECUTIVO)
    client.force_login(usuario)
    return usuario


@pytest.fixture
def omil_limache(client):
    usuario = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))
    client.force_login(usuario)
    return usuario


def _previa(client, nombre: str) -> tuple[str, str]:
    subida = client.post(reverse("empresas:importar"), {"archivo": caso(nombre)})
    assert subida.status_code == 302, subida.content.decode()[:2000]
    return subida.url, client.get(subida.url).content.decode()


def _importar(client, url: str) -> None:
    assert client.post(url).status_code == 302


# --- Imports -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "nombre", ["empresas-windows1252-puntoycoma.csv", "empresas-utf8bom-puntoycoma.csv"]
)
def test_csv_de_excel_en_espanol_conserva_apostrofos_guiones_y_comillas(client, ejecutivo, nombre):
    url, previa = _previa(client, nombre)
    _importar(client, url)

    assert "Panadería O’Higgins Ltda." in previa
    assert "Importar 3 empresas<" in previa
    assert set(Empresa.objects.values_list("razon_social", flat=True)) == {
        "Panadería O’Higgins Ltda.",
        "Constructora Ñuñoa – Sur SpA",
        "Ferretería “El Roble” E.I.R.L.",
    }
    assert not any(
        0x80 <= ord(c) <= 0x9F
        for nombre in Empresa.objects.values_list("razon_social", "nombre_fantasia")
        for c in "".join(nombre)
    )


def test_rut_y_dv_en_dos_columnas_se_leen_juntos(client, ejecutivo):
    url, previa = _previa(client, "empresas-rut-y-dv-separados.xlsx")
    _importar(client, url)

    assert "76.123.411-0" in previa
    assert "7.612.341-1" not in previa
    assert "Importar 2 empresas<" in previa
    assert set(Empresa.objects.values_list("rut", flat=True)) == {"76123411-0", "76123456-0"}


def test_filas_vacias_cuentan_en_el_numero_de_fila(client, ejecutivo):
    _url, previa = _previa(client, "empresas-filas-vacias.xlsx")

    filas = [int(n) for n in re.findall(r'<th scope="row">(\d+)</th>', previa)]
    assert filas == [2, 5, 7]
    fila_7 = previa.split('<th scope="row">7</th>', 1)[1].split("</tr>", 1)[0]
    assert "El dígito verificador no corresponde" in fila_7
    assert "Importar 2 empresas<" in previa


def test_hoja_oculta_primero_se_lee_la_hoja_activa(client, ejecutivo):
    url, previa = _previa(client, "empresas-hoja-oculta-primero.xlsx")
    _importar(client, url)

    assert "Faltan" not in previa and "No se reconocieron" not in previa
    assert list(Empresa.objects.values_list("razon_social", flat=True)) == ["Agrícola Uno Ltda."]


# --- Minutes -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "nombre",
    [
        "minuta-word-online.docx",
        "Minuta sesión 3 - Viña.docx",
        "Minuta sesión 3 - Viña.odt",
        "minuta-pdfa-libreoffice.pdf",
    ],
)
def test_minutas_de_word_online_libreoffice_y_pdfa_se_aceptan(client, omil_limache, nombre):
    sesion = SesionFactory(
        mesa=mesa_comunal("05802"),
        inicio=timezone.now() - timedelta(days=1),
        estado="realizada",
    )

    respuesta = client.post(
        reverse("mesas:minuta_create", args=[sesion.pk]), {"archivo": caso(nombre)}
    )

    assert respuesta.status_code == 302, respuesta.content.decode()[:3000]
    minuta = Minuta.objects.get()
    descarga = client.get(reverse("mesas:minuta_download", args=[minuta.pk]))
    assert b"".join(descarga.streaming_content) == (CASOS / nombre).read_bytes()


# --- Signed plans --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "nombre",
    [
        "plan-aes256-sin-clave-de-apertura.pdf",
        "plan-firmado-pades.pdf",
        "plan-firmado-dos-firmas.pdf",
        "plan-linealizado-pdf13.pdf",
        "plan-con-formulario.pdf",
    ],
)
def test_planes_firmados_o_cifrados_sin_clave_se_guardan_byte_a_byte(client, omil_limache, nombre):
    plan = PlanComunalFactory(estado="aprobado")  # the signed plan follows the approval

    respuesta = client.post(
        reverse("omil:plan_documento", args=[plan.pk]), {"archivo": caso(nombre)}, follow=True
    )
    descarga = client.get(reverse("omil:plan_descargar", args=[plan.pk]))

    assert respuesta.status_code == 200
    assert "Plan firmado cargado." in respuesta.content.decode()
    assert b"".join(descarga.streaming_content) == (CASOS / nombre).read_bytes()


def test_plan_con_clave_de_apertura_se_rechaza_sin_error_500(client, omil_limache):
    plan = PlanComunalFactory(estado="aprobado")

    respuesta = client.post(
        reverse("omil:plan_documento", args=[plan.pk]),
        {"archivo": caso("plan-aes256-con-clave-de-apertura.pdf")},
        follow=True,
    )

    assert respuesta.status_code == 200
    assert "protegido con contraseña" in respuesta.content.decode()
    assert not PlanComunal.objects.get(pk=plan.pk).documento
