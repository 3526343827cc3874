import pytest
from django.urls import reverse

from nucleo.models import Programa, Rol
from omil import services
from omil.models import FichaPrograma
from omil.selectors import enlace_whatsapp
from tests.factories import oficina, omil_de, usuario_con_rol

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("telefono", "enlace"),
    [
        ("+56 9 6989 5808", "https://wa.me/56969895808"),
        ("9 6989 5808", "https://wa.me/56969895808"),
        ("+56 32 2123456", ""),
        ("", ""),
    ],
)
def test_enlace_de_whatsapp_solo_para_celulares(telefono, enlace):
    assert enlace_whatsapp(telefono) == enlace


def test_directorio_de_profesionales_muestra_enlaces_de_contacto(client):
    usuario_con_rol(
        Rol.REPRESENTANTE, oficina("senda"), first_name="Marcela", telefono="+56 9 5443 7134"
    )
    otra_region = usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "08"), first_name="Francisca")
    # A fixed name: a random one could be "Francisca" too, and the menu shows who is signed in.
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"), first_name="Carolina"))

    contenido = client.get(reverse("omil:profesionales")).content.decode()

    assert "Marcela" in contenido
    assert 'href="tel:+56954437134"' in contenido
    assert 'href="https://wa.me/56954437134"' in contenido
    assert "mailto:" in contenido
    assert otra_region.first_name not in contenido


def test_directorio_de_otra_region_es_404(client):
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802")))

    respuesta = client.get(reverse("omil:directorio"), {"region": "08"})

    assert respuesta.status_code == 404


def test_directorio_omil_lista_encargada_de_la_comuna(client):
    usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"), first_name="Carolina")
    client.force_login(usuario_con_rol(Rol.DIRECTOR))

    contenido = client.get(reverse("omil:directorio"), {"q": "Limache"}).content.decode()

    assert "OMIL Limache" in contenido
    assert "Carolina" in contenido


def test_representante_publica_programa_regional_y_la_region_lo_encuentra(client):
    senda = usuario_con_rol(Rol.REPRESENTANTE, oficina("senda"))
    client.force_login(senda)

    client.post(
        reverse("omil:programa_create"),
        {
            "servicio": Programa.objects.get(nombre="Previene").servicio_id,
            "nombre": "Taller de apresto Previene Valparaíso",
            "poblacion_objetivo": "Personas en rehabilitación del consumo de drogas",
            "como_derivar": "Ficha de derivación al correo regional",
        },
    )
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802")))
    encontrados = client.get(
        reverse("omil:programa_list"), {"q": "apresto", "poblacion": "consumo_drogas"}
    ).context["programas"]
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("08101")))
    en_biobio = client.get(reverse("omil:programa_list"), {"q": "apresto"}).context["programas"]

    assert [p.nombre for p in encontrados] == ["Taller de apresto Previene Valparaíso"]
    assert encontrados[0].ficha.region_id == "05"
    assert list(en_biobio) == []


def test_representante_no_edita_programas_de_otro_servicio(client):
    senda = usuario_con_rol(Rol.REPRESENTANTE, oficina("senda"))
    programa = services.programa_crear(
        servicio=Programa.objects.get(nombre="Previene").servicio,
        nombre="Propio de SENDA",
        descripcion="",
        poblacion_objetivo="",
        requisitos="",
        como_derivar="",
        contacto="",
        por=senda,
    )
    client.force_login(usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis")))

    respuesta = client.post(
        reverse("omil:programa_edit", args=[programa.pk]), {"nombre": "Cambiado"}
    )

    # The catalogue is public to every user: seen, but not theirs to change.
    assert respuesta.status_code == 403
    programa.refresh_from_db()
    assert programa.nombre == "Propio de SENDA"
    assert FichaPrograma.objects.get(programa=programa).region_id == "05"


def test_nombre_repetido_en_el_servicio_se_rechaza_con_mensaje(client):
    client.force_login(usuario_con_rol(Rol.REPRESENTANTE, oficina("senda")))

    respuesta = client.post(
        reverse("omil:programa_create"),
        {"servicio": Programa.objects.get(nombre="Previene").servicio_id, "nombre": "previene"},
    )

    assert "SENDA ya tiene un programa llamado «previene»" in respuesta.content.decode()
    assert Programa.objects.filter(nombre__iexact="previene").count() == 1


def test_el_servicio_publica_su_programa_en_la_oferta_desde_la_aplicacion(client):
    senda = usuario_con_rol(Rol.REPRESENTANTE, oficina("senda"))
    programa = services.programa_crear(
        servicio=Programa.objects.get(nombre="Previene").servicio,
        nombre="Taller de apresto laboral",
        descripcion="",
        poblacion_objetivo="",
        requisitos="",
        como_derivar="",
        contacto="",
        por=senda,
    )
    client.force_login(senda)
    publica = reverse("oferta:programa", args=[programa.pk])
    antes = client.get(publica).status_code

    client.post(
        reverse("omil:programa_edit", args=[programa.pk]),
        {
            "version": programa.version,
            "nombre": programa.nombre,
            "activo": "on",
            "publico": "on",
            "para_quien": "Personas que dejaron de consumir y buscan trabajo.",
            "requisitos_publicos": "Tener 18 años o más.",
            "como_postular": "Acércate a la OMIL de tu comuna.",
            "poblaciones": ["consumo_drogas"],
        },
    )

    programa.refresh_from_db()
    client.logout()
    pagina = client.get(publica).content.decode()
    assert antes == 404
    assert programa.publico and programa.poblaciones == ["consumo_drogas"]
    assert "Personas que dejaron de consumir y buscan trabajo." in pagina
    assert "Acércate a la OMIL de tu comuna." in pagina
