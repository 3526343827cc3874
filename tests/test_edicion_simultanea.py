"""Two people, two real browsers, one record: the second save is refused with the Spanish conflict
message and the first person's change stays (no lost update), on an agreement and on a plan."""

import pytest

from convenios.models import Convenio
from nucleo.models import Rol
from omil.models import PlanComunal
from tests.conftest import ingresar
from tests.factories import (
    CLAVE,
    ConvenioFactory,
    LineaAccionFactory,
    PlanComunalFactory,
    oficina,
    omil_de,
    usuario_con_rol,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFLICTO = "Otra persona guardó cambios en este registro mientras lo editabas"


@pytest.fixture
def dos_navegadores(navegador, live_server, datos_referencia):
    contextos = [
        navegador.new_context(locale="es-CL", timezone_id="America/Santiago") for _ in range(2)
    ]
    paginas = []
    for contexto in contextos:
        pagina = contexto.new_page()
        pagina.set_default_timeout(30_000)
        pagina.base_url = live_server.url
        paginas.append(pagina)
    yield paginas
    for contexto in contextos:
        contexto.close()


def test_dos_personas_editan_el_mismo_convenio_la_segunda_recibe_conflicto(dos_navegadores):
    ana, berta = dos_navegadores
    convenio = ConvenioFactory(nombre="Convenio original")
    for pagina, nombre in ((ana, "ana"), (berta, "berta")):
        usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "05"), username=nombre)
        ingresar(pagina, nombre, CLAVE)
        pagina.goto(f"{pagina.base_url}/convenios/{convenio.pk}/editar/")

    ana.get_by_label("Nombre").fill("Convenio según Ana")
    ana.get_by_role("button", name="Guardar convenio").click()
    ana.wait_for_url(f"**{convenio.get_absolute_url()}")
    berta.get_by_label("Nombre").fill("Convenio según Berta")
    berta.get_by_role("button", name="Guardar convenio").click()

    berta.get_by_text(CONFLICTO).wait_for()
    assert Convenio.objects.get(pk=convenio.pk).nombre == "Convenio según Ana"


def test_dos_personas_editan_el_mismo_plan_la_segunda_recibe_conflicto(dos_navegadores):
    omil, gestor = dos_navegadores
    plan = PlanComunalFactory()
    LineaAccionFactory(plan=plan)
    usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"), username="encargada")
    usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"), username="encargado")
    for pagina, nombre in ((omil, "encargada"), (gestor, "encargado")):
        ingresar(pagina, nombre, CLAVE)
        pagina.goto(f"{pagina.base_url}/omil/planes/{plan.pk}/editar/")

    omil.get_by_label("Diagnóstico").fill("Diagnóstico de la encargada")
    omil.get_by_role("button", name="Guardar plan").click()
    omil.wait_for_url(f"**{plan.get_absolute_url()}")
    gestor.get_by_label("Diagnóstico").fill("Diagnóstico del encargado")
    gestor.get_by_role("button", name="Guardar plan").click()

    gestor.get_by_text(CONFLICTO).wait_for()
    assert PlanComunal.objects.get(pk=plan.pk).diagnostico == "Diagnóstico de la encargada"
