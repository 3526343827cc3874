"""A region onboarded from nothing, in the browser: `region_alta` for Biobío, its articuladora
accepts the invitation, schedules the regional mesa's monthly series and invites an OMIL; nothing
of Valparaíso is visible to her. Prints how long it took from the command to the series."""

import os
import re
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mesas.models import Serie
from nucleo.models import Invitacion, Rol
from tests.factories import (
    AcuerdoFactory,
    ConvenioFactory,
    EmpresaFactory,
    PlanComunalFactory,
    SesionFactory,
    UsuarioFactory,
    VisitaEmpresaFactory,
    mesa_comunal,
    mesa_regional,
    omil_de,
    usuario_con_rol,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_biobio_empieza_y_no_ve_nada_de_valparaiso(pagina):
    # Valparaíso already works: its data must stay out of Biobío's sight.
    regional = mesa_regional("05")
    comunal = mesa_comunal("05802")
    AcuerdoFactory(sesion=SesionFactory(mesa=regional), texto="Acuerdo reservado de Valparaíso")
    PlanComunalFactory()
    empresa = EmpresaFactory(razon_social="Conservas Valparaíso Limitada")
    VisitaEmpresaFactory(empresa=empresa)
    ConvenioFactory()
    usuario_con_rol(
        Rol.ENCARGADO_OMIL, omil_de("05802"), first_name="Valentina", last_name="Quilpué"
    )
    UsuarioFactory(username="admin", is_superuser=True, is_staff=True)

    inicio = time.monotonic()
    call_command(
        "region_alta", region="08", articulador_email="ana.biobio@sence.cl",
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )  # fmt: skip
    enlace = re.search(r"http://\S+(/invitacion/\S+/)", mail.outbox[-1].body).group(1)

    # The articuladora accepts and creates her account.
    pagina.goto(pagina.base_url + enlace)
    pagina.get_by_label("Nombres").fill("Ana")
    pagina.get_by_label("Apellidos").fill("Biobío")
    pagina.get_by_label("Nombre de usuario").fill("ana.biobio")
    pagina.locator("#id_password1").fill("una-clave-larga-9")
    pagina.locator("#id_password2").fill("una-clave-larga-9")
    pagina.get_by_role("button", name="Crear mi cuenta").click()
    pagina.get_by_text("Ya participas en Dirección Regional SENCE Biobío").wait_for()

    # She schedules next year's monthly sessions of the regional mesa.
    pagina.get_by_role("link", name="Mesas", exact=True).click()
    pagina.get_by_role("link", name="Mesa Intersectorial Regional de Biobío").click()
    pagina.get_by_role("link", name="Programar serie mensual").click()
    pagina.get_by_label("¿Cuándo se reúne la mesa?").fill("primer martes de cada mes, 10:00")
    pagina.get_by_label("Desde").fill(f"{timezone.localdate().year + 1}-01-01")
    pagina.get_by_label("o cantidad de sesiones").fill("12")
    pagina.get_by_label("Lugar").fill("Dirección Regional SENCE, Concepción")
    pagina.get_by_role("button", name="Ver fechas").click()
    pagina.get_by_role("button", name="Crear 12 sesiones").click()
    pagina.get_by_text("Se programaron 12 sesiones").wait_for()
    duracion = time.monotonic() - inicio
    print(f"\nBiobío: del comando a la primera serie programada, {duracion:.1f} s")
    assert Serie.objects.get(mesa__region_id="08").sesiones.count() == 12

    # She invites the OMIL of Concepción.
    pagina.get_by_role("button", name="Más", exact=True).click()  # secondary menu items
    pagina.get_by_role("link", name="Personas").click()
    pagina.get_by_role("link", name="Invitar a una persona").click()
    pagina.get_by_label("Correo electrónico").fill("omil@concepcion.cl")
    pagina.get_by_label("Institución").select_option(label="OMIL Concepción")
    pagina.get_by_label("Rol").select_option(label="Encargado/a OMIL")
    pagina.get_by_role("button", name="Enviar invitación").click()
    pagina.get_by_text("Invitación enviada a omil@concepcion.cl").wait_for()
    assert Invitacion.objects.get(email="omil@concepcion.cl").institucion.comuna.nombre == (
        "Concepción"
    )

    # Nothing of Valparaíso anywhere she looks.
    ajenos = [
        regional.nombre, comunal.nombre, "Acuerdo reservado de Valparaíso",
        "Conservas Valparaíso Limitada", "Valentina Quilpué", "OMIL Limache",
    ]  # fmt: skip
    for nombre in ["mesas:mesa_list", "mesas:acuerdo_list", "mesas:calendario",
                   "nucleo:persona_list", "omil:plan_list", "empresas:empresa_list",
                   "empresas:visita_list", "convenios:convenio_list", "nucleo:inicio"]:  # fmt: skip
        pagina.goto(pagina.base_url + reverse(nombre))
        texto = pagina.content()
        assert not [a for a in ajenos if a in texto], nombre
    respuesta = pagina.goto(pagina.base_url + reverse("mesas:mesa_detail", args=[regional.pk]))
    assert respuesta.status == 404
