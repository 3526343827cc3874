"""omil/filters.py: the plans and programmes lists filter through FilterSets."""

import pytest
from django.urls import reverse

from nucleo.models import Programa, Rol
from omil.filters import PlanFilter, ProgramaFilter
from omil.models import PlanComunal
from tests.factories import PlanComunalFactory, oficina, omil_de, usuario_con_rol

pytestmark = pytest.mark.django_db


@pytest.fixture
def articuladora():
    return usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "05"))


def test_planes_se_filtran_por_anio_y_estado(client, articuladora):
    PlanComunalFactory(anio=2025, estado=PlanComunal.Estado.APROBADO)
    PlanComunalFactory(anio=2026)
    client.force_login(articuladora)

    del_2025 = client.get(reverse("omil:plan_list"), {"anio": "2025"}).context["pagina"]
    borradores = client.get(
        reverse("omil:plan_list"), {"estado": PlanComunal.Estado.BORRADOR}
    ).context["pagina"]

    assert [p.anio for p in del_2025] == [2025]
    assert [p.anio for p in borradores] == [2026]


def test_un_anio_invalido_deja_fuera_solo_ese_filtro_con_un_mensaje(client, articuladora):
    PlanComunalFactory(anio=2025, estado=PlanComunal.Estado.APROBADO)
    PlanComunalFactory(anio=2026)
    client.force_login(articuladora)

    respuesta = client.get(
        reverse("omil:plan_list"), {"anio": "dos mil", "estado": PlanComunal.Estado.APROBADO}
    )

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert [p.anio for p in respuesta.context["pagina"]] == [2025]
    assert "Año: Escoja una opción válida" in html
    assert "Se muestran los planes sin ese filtro." in html
    assert 'aria-invalid="true" aria-describedby="id_anio_error" id="id_anio">' in html
    assert '<p id="id_anio_error"' in html


def test_el_filtro_de_planes_ofrece_solo_los_anios_con_planes():
    PlanComunalFactory(anio=2024)

    filtro = PlanFilter(None, queryset=PlanComunal.objects.all(), anios=[2024])

    assert list(filtro.form.fields["anio"].choices) == [("", "Todos"), ("2024", "2024")]


def test_programas_se_filtran_por_servicio_y_un_servicio_inexistente_se_ignora():
    visibles = Programa.objects.filter(activo=True)
    senda = Programa.objects.get(nombre="Previene").servicio

    de_senda = ProgramaFilter({"servicio": senda.pk}, queryset=visibles)
    inexistente = ProgramaFilter({"servicio": 999999}, queryset=visibles)

    assert {p.servicio_id for p in de_senda.qs} == {senda.pk}
    assert inexistente.qs.count() == visibles.count()
    assert "servicio" in inexistente.form.errors


def test_profesionales_se_filtran_por_tipo_y_texto_y_la_region_unica_va_oculta(client):
    marcela = usuario_con_rol(Rol.REPRESENTANTE, oficina("senda"), first_name="Marcela")
    marcela.membresias.update(cargo="Analista de empleo")
    usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"), first_name="Carolina")
    client.force_login(usuario_con_rol(Rol.DIRECTOR, first_name="Dirección"))
    url = reverse("omil:profesionales")

    omil = client.get(url, {"tipo": "omil"})
    analista = client.get(url, {"q": "analista", "tipo": ""})
    tipo_raro = client.get(url, {"tipo": "otro"})

    assert {m.usuario.first_name for m in omil.context["personas"]} == {"Carolina"}
    assert [m.usuario.first_name for m in analista.context["personas"]] == ["Marcela"]
    assert analista.context["buscar"] == "analista"
    assert "Marcela" in {m.usuario.first_name for m in tipo_raro.context["personas"]}
    assert 'type="hidden" name="region"' in omil.content.decode()


def test_directorio_busca_omil_por_provincia():
    from nucleo.models import Institucion, Region
    from omil import selectors
    from omil.filters import DirectorioFilter

    omil_de("05802"), omil_de("05101")  # Limache (Marga Marga), Valparaíso
    regiones = list(Region.objects.filter(codigo__in=["05", "08"]))

    filtro = DirectorioFilter(
        {"q": "Marga Marga", "region": "05"},
        queryset=selectors.omiles_de_region("05"),
        regiones=regiones,
    )

    comunas = {i.comuna.nombre for i in filtro.qs}
    assert comunas == {"Limache"}
    assert all(isinstance(i, Institucion) for i in filtro.qs)
    assert filtro.form.fields["region"].widget.input_type == "select"
