"""States compared in templates through their TextChoices (nucleo.context_processors.opciones):
the pages, and the home panels rendered once without a request, still tell each state apart."""

import pytest
from django.urls import reverse
from django.utils import timezone

from nucleo.models import Rol
from omil.models import PlanComunal
from tests.factories import PlanComunalFactory, omil_de, usuario_con_rol

pytestmark = pytest.mark.django_db


@pytest.fixture
def omil_limache():
    return usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))


def test_el_panel_de_inicio_avisa_las_observaciones_del_plan(client, omil_limache):
    PlanComunalFactory(anio=timezone.localdate().year, estado=PlanComunal.Estado.OBSERVADO)
    client.force_login(omil_limache)

    contenido = client.get(reverse("nucleo:inicio")).content.decode()

    assert "SENCE dejó observaciones:" in contenido
    assert '<span class="badge text-bg-warning">Observado por SENCE</span>' in contenido


def test_la_pagina_del_plan_colorea_su_estado(client, omil_limache):
    plan = PlanComunalFactory(estado=PlanComunal.Estado.APROBADO)
    client.force_login(omil_limache)

    contenido = client.get(plan.get_absolute_url()).content.decode()

    assert '<span class="badge text-bg-success">Aprobado</span>' in contenido
