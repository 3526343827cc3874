"""An edit page with rows (formset) costs the same queries whatever its number of rows.

Each row's select fields used to run their own options query (a plan with 20 action lines cost
42 queries more than an empty one): nucleo.forms.OpcionesCompartidas reads them once per page.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from convenios.models import ObligacionConvenio
from nucleo.models import Rol
from tests.factories import (
    AcuerdoVisitaFactory,
    ConvenioFactory,
    LineaAccionFactory,
    PlanComunalFactory,
    VisitaEmpresaFactory,
    oficina,
    omil_de,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


def _consultas(client, url: str) -> int:
    client.get(url)  # warm: sessions, caches
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = client.get(url)
    assert respuesta.status_code == 200
    return len(capturadas)


def _plan(client):
    plan = PlanComunalFactory()
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802")))
    url = reverse("omil:plan_edit", args=[plan.pk])
    return url, lambda: LineaAccionFactory(plan=plan)


def _convenio(client):
    convenio = ConvenioFactory()
    client.force_login(usuario_con_rol(Rol.ARTICULADOR))
    senadis = oficina("senadis")
    url = reverse("convenios:convenio_edit", args=[convenio.pk])
    return url, lambda: ObligacionConvenio.objects.create(
        convenio=convenio, parte=senadis, descripcion="Derivar postulantes"
    )


def _visita(client):
    visita = VisitaEmpresaFactory(inicio=timezone.now() - timedelta(hours=3))
    client.force_login(visita.planificada_por)
    url = reverse("empresas:visita_resultado", args=[visita.pk])
    return url, lambda: AcuerdoVisitaFactory(visita=visita)


@pytest.mark.parametrize("pagina", [_plan, _convenio, _visita], ids=["plan", "convenio", "visita"])
def test_las_filas_no_suman_consultas(client, pagina):
    url, agregar_fila = pagina(client)
    agregar_fila()
    con_una = _consultas(client, url)
    for _ in range(5):
        agregar_fila()

    assert _consultas(client, url) == con_una
