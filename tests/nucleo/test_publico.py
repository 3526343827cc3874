"""The joint offer in public (/oferta/, nucleo.publico): no login, only what is marked public."""

import pytest
from django.urls import reverse

from nucleo.models import Poblacion, Programa, Rol, ServicioPublico
from tests.factories import EncuentroFactory, oficina, omil_de, usuario_con_rol

pytestmark = pytest.mark.django_db

LIMACHE = "05802"


def programa(servicio="senadis", **campos) -> Programa:
    datos = {
        "nombre": "Programa de prueba",
        "publico": True,
        "para_quien": "Personas con discapacidad que buscan trabajo.",
        "poblaciones": [Poblacion.DISCAPACIDAD],
    } | campos
    return Programa.objects.create(servicio=ServicioPublico.objects.get(codigo=servicio), **datos)


@pytest.fixture
def red():
    oficina("senadis")
    oficina("sernameg")
    omil = omil_de(LIMACHE)
    omil.publica = True
    omil.direccion = "Av. Palmira Romano 340"
    omil.telefono = "+56 33 123 4567"
    omil.horario = "Lunes a viernes, 8:30 a 14:00"
    omil.save()
    return omil


def test_anonimo_ve_los_programas_publicos_de_su_comuna_y_no_los_otros(client, red):
    programa(nombre="Empleo con apoyo")
    programa(nombre="Programa interno", publico=False)
    programa(nombre="Programa inactivo", activo=False)
    programa(servicio="senda", nombre="Sin oficina en la región")

    respuesta = client.get(reverse("oferta:comuna", kwargs={"codigo": LIMACHE}))

    assert respuesta.status_code == 200
    texto = respuesta.content.decode()
    assert "Empleo con apoyo" in texto
    assert "Programa interno" not in texto
    assert "Programa inactivo" not in texto
    assert "Sin oficina en la región" not in texto


def test_la_comuna_muestra_la_omil_publica_sin_datos_del_personal(client, red):
    encargada = usuario_con_rol(Rol.ENCARGADO_OMIL, red, first_name="Josefina", email="jo@x.cl")

    texto = client.get(reverse("oferta:comuna", kwargs={"codigo": LIMACHE})).content.decode()

    assert "Av. Palmira Romano 340" in texto
    assert "Lunes a viernes, 8:30 a 14:00" in texto
    assert 'href="tel:+56331234567"' in texto
    assert "openstreetmap.org/search?query=Av.+Palmira+Romano+340" in texto
    assert encargada.first_name not in texto
    assert encargada.email not in texto


def test_una_omil_no_publicada_no_aparece(client, red):
    red.publica = False
    red.save()

    texto = client.get(reverse("oferta:comuna", kwargs={"codigo": LIMACHE})).content.decode()

    assert "Av. Palmira Romano 340" not in texto


def test_filtra_por_poblacion(client, red):
    programa(nombre="Empleo con apoyo")
    programa(servicio="sernameg", nombre="Mujeres Jefas", poblaciones=[Poblacion.MUJERES])

    url = reverse("oferta:comuna", kwargs={"codigo": LIMACHE})
    texto = client.get(url, {"poblacion": "mujeres"}).content.decode()

    assert "Mujeres Jefas" in texto
    assert "Empleo con apoyo" not in texto


def test_una_poblacion_desconocida_se_ignora(client, red):
    programa(nombre="Empleo con apoyo")

    url = reverse("oferta:comuna", kwargs={"codigo": LIMACHE})
    respuesta = client.get(url, {"poblacion": "<script>"})

    assert respuesta.status_code == 200
    assert "Empleo con apoyo" in respuesta.content.decode()


def test_muestra_los_proximos_encuentros_empresariales(client, red):
    EncuentroFactory(nombre="Feria Laboral de Limache")

    texto = client.get(reverse("oferta:comuna", kwargs={"codigo": LIMACHE})).content.decode()

    assert "Feria Laboral de Limache" in texto


def test_elegir_comuna_lleva_a_su_pagina_con_el_filtro(client, red):
    respuesta = client.get(
        reverse("oferta:comuna_elegir"), {"comuna": LIMACHE, "poblacion": "mujeres"}
    )

    assert respuesta.status_code == 302
    assert respuesta.url == "/oferta/comuna/05802/?poblacion=mujeres"


def test_elegir_una_comuna_inexistente_vuelve_al_inicio(client, red):
    respuesta = client.get(reverse("oferta:comuna_elegir"), {"comuna": "99999"})

    assert respuesta.url == reverse("oferta:inicio")


def test_la_pagina_del_programa_tiene_open_graph_y_url_estable(client, red):
    p = programa(nombre="Empleo con apoyo", como_postular="Llama a la OMIL.")

    respuesta = client.get(f"/oferta/programas/{p.pk}/")

    texto = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert '<meta property="og:title" content="Empleo con apoyo (SENADIS)">' in texto
    assert f'<meta property="og:url" content="http://testserver/oferta/programas/{p.pk}/">' in texto
    assert "Llama a la OMIL." in texto
    assert "css/gobcl" in texto  # its @media print rules make the one-page sheet


def test_un_programa_no_publico_responde_404(client, red):
    p = programa(publico=False)

    assert client.get(reverse("oferta:programa", kwargs={"pk": p.pk})).status_code == 404


def test_comuna_y_region_inexistentes_responden_404_en_castellano(client, red):
    assert client.get("/oferta/comuna/99999/").status_code == 404
    respuesta = client.get("/oferta/region/99/")

    assert respuesta.status_code == 404
    assert "no encontrada" in respuesta.content.decode()


def test_inicio_y_region_listan_regiones_y_comunas(client, red):
    assert "Valparaíso" in client.get(reverse("oferta:inicio")).content.decode()

    texto = client.get(reverse("oferta:region", kwargs={"codigo": "05"})).content.decode()

    assert "Limache" in texto


def test_las_paginas_publicas_no_piden_ingresar(client, red):
    p = programa()
    for url in (
        reverse("oferta:inicio"),
        reverse("oferta:region", kwargs={"codigo": "05"}),
        reverse("oferta:comuna", kwargs={"codigo": LIMACHE}),
        p.get_absolute_url(),
    ):
        assert client.get(url).status_code == 200, url
