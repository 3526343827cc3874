"""An institution's public data, kept by its own people (issue 18): the OMIL's encargado(a) and a
service's representante edit what the public offer shows of their office — address, hours, map,
and a contact role they choose to publish — from «Datos públicos», never only in the admin."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from nucleo.models import Institucion, Rol
from tests.factories import oficina, omil_de, usuario_con_rol

pytestmark = pytest.mark.django_db

LIMACHE = "05802"


def formulario(institucion: Institucion, **cambios) -> dict:
    datos = {
        "version": institucion.version,
        "publica": "on",
        "direccion": "Av. Palmira Romano 340",
        "mapa_url": "",
        "telefono": "+56 33 212 3456",
        "email": "omil@limache.cl",
        "horario": "Lunes a viernes, 8:30 a 14:00",
        "contacto_cargo": "Encargada de intermediación laboral",
        "contacto_nombre": "",
        "contacto_email": "intermediacion@limache.cl",
        "contacto_telefono": "",
    }
    return {**datos, **cambios}


def test_la_encargada_omil_publica_su_oficina_y_un_cargo_de_contacto(client):
    omil = omil_de(LIMACHE)
    encargada = usuario_con_rol(Rol.ENCARGADO_OMIL, omil, first_name="Josefina")
    oficina("senadis")  # the region has public offer
    client.force_login(encargada)
    url = reverse("nucleo:institucion_edit", args=[omil.pk])

    respuesta = client.post(url, formulario(omil), follow=True)

    assert "Datos públicos de" in respuesta.content.decode()
    omil.refresh_from_db()
    assert (omil.publica, omil.horario) == (True, "Lunes a viernes, 8:30 a 14:00")
    client.logout()
    publica = client.get(reverse("oferta:comuna", kwargs={"codigo": LIMACHE})).content.decode()
    assert "Lunes a viernes, 8:30 a 14:00" in publica
    assert "Encargada de intermediación laboral" in publica
    assert 'href="mailto:intermediacion@limache.cl"' in publica
    assert "Josefina" not in publica  # staff data only when the institution writes it


def test_el_nombre_se_publica_solo_si_la_institucion_lo_escribe(client):
    omil = omil_de(LIMACHE)
    oficina("senadis")
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil))

    client.post(
        reverse("nucleo:institucion_edit", args=[omil.pk]),
        formulario(omil, contacto_nombre="Josefina Araya"),
    )

    client.logout()
    publica = client.get(reverse("oferta:comuna", kwargs={"codigo": LIMACHE})).content.decode()
    assert "Encargada de intermediación laboral: Josefina Araya" in publica


def test_un_contacto_sin_cargo_se_rechaza_en_castellano_sin_cambiar_nada(client):
    omil = omil_de(LIMACHE)
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil))
    antes = (omil.version, omil.history.count())

    respuesta = client.post(
        reverse("nucleo:institucion_edit", args=[omil.pk]),
        formulario(omil, contacto_cargo="", contacto_nombre="Josefina Araya"),
    )

    assert respuesta.status_code == 200
    assert "Indica el cargo del contacto" in respuesta.content.decode()
    omil.refresh_from_db()
    assert (omil.version, omil.history.count(), omil.contacto_nombre) == (*antes, "")


def test_un_mapa_que_no_es_enlace_se_rechaza(client):
    omil = omil_de(LIMACHE)
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil))

    respuesta = client.post(
        reverse("nucleo:institucion_edit", args=[omil.pk]), formulario(omil, mapa_url="no es")
    )

    assert respuesta.status_code == 200
    assert "Introduzca una URL válida" in respuesta.content.decode()
    omil.refresh_from_db()
    assert omil.horario == ""


def test_la_representante_publica_la_oficina_de_su_servicio_en_la_region(client):
    senadis = oficina("senadis")
    client.force_login(usuario_con_rol(Rol.REPRESENTANTE, senadis))
    datos = formulario(
        senadis,
        direccion="Blanco 1131, Valparaíso",
        contacto_cargo="Coordinadora regional de inclusión laboral",
        contacto_email="valparaiso@senadis.cl",
    )

    assert (
        client.post(reverse("nucleo:institucion_edit", args=[senadis.pk]), datos).status_code == 302
    )

    client.logout()
    publica = client.get(reverse("oferta:region", kwargs={"codigo": "05"})).content.decode()
    assert "Oficinas de los servicios en la región" in publica
    assert "Coordinadora regional de inclusión laboral" in publica
    assert "openstreetmap.org/search?query=Blanco+1131" in publica


def test_una_oficina_no_publicada_no_muestra_su_contacto(client):
    senadis = oficina("senadis")
    senadis.contacto_cargo = "Coordinadora regional de inclusión laboral"
    senadis.save()

    publica = client.get(reverse("oferta:region", kwargs={"codigo": "05"})).content.decode()

    assert "Coordinadora regional de inclusión laboral" not in publica


def test_un_rol_que_no_publica_datos_recibe_403(client):
    omil = omil_de(LIMACHE)
    client.force_login(usuario_con_rol(Rol.GESTOR_TERRITORIAL, omil))

    respuesta = client.get(reverse("nucleo:institucion_edit", args=[omil.pk]))

    assert respuesta.status_code == 403


@pytest.mark.parametrize("quien", ["encargada de otra omil", "representante de otro servicio"])
def test_fuera_de_su_institucion_es_404(client, quien):
    omil = omil_de(LIMACHE)
    usuario = {
        "encargada de otra omil": lambda: usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05101")),
        "representante de otro servicio": lambda: usuario_con_rol(Rol.REPRESENTANTE),
    }[quien]()
    client.force_login(usuario)

    respuesta = client.get(reverse("nucleo:institucion_edit", args=[omil.pk]))

    assert respuesta.status_code == 404


def test_el_menu_de_la_persona_lleva_a_los_datos_publicos_de_su_institucion(client):
    omil = omil_de(LIMACHE)
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil))

    texto = client.get(reverse("nucleo:inicio")).content.decode()

    assert reverse("nucleo:institucion_edit", args=[omil.pk]) in texto


# --- The logo ------------------------------------------------------------------------------------


def imagen(formato: str = "PNG", tamano=(240, 80), nombre: str = "logo.png") -> SimpleUploadedFile:
    contenido = io.BytesIO()
    Image.new("RGB", tamano, (0, 57, 166)).save(contenido, formato)
    return SimpleUploadedFile(nombre, contenido.getvalue())


def test_la_oficina_sube_su_logo_y_la_oferta_publica_lo_muestra(client):
    omil = omil_de(LIMACHE)
    oficina("senadis")
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil))

    respuesta = client.post(
        reverse("nucleo:institucion_edit", args=[omil.pk]),
        formulario(omil, logo=imagen(nombre="Logo Municipal.JPG")),  # a PNG, whatever its name
    )

    assert respuesta.status_code == 302
    omil.refresh_from_db()
    assert omil.logo.name.endswith(".png")
    assert (omil.logo_ancho, omil.logo_alto) == (240, 80)
    client.logout()
    pagina = client.get(reverse("oferta:comuna", kwargs={"codigo": LIMACHE})).content.decode()
    src = f"{reverse('oferta:logo', args=[omil.pk])}?v={omil.version}"
    assert f'src="{src}" width="240" height="80"' in pagina
    logo = client.get(src)
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("archivo", "mensaje"),
    [
        (SimpleUploadedFile("logo.svg", b"<svg onload='alert(1)'></svg>"), "no es una imagen"),
        (SimpleUploadedFile("logo.png", b"no soy una imagen"), "no es una imagen"),
        (lambda: imagen("GIF", nombre="logo.gif"), "PNG, JPEG o WebP"),
        (lambda: imagen(tamano=(2400, 100)), "el máximo es 2000 por lado"),
        (SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * 400_000), "el máximo es 300 KB"),
    ],
)
def test_un_logo_que_no_sirve_se_explica_y_no_cambia_nada(client, archivo, mensaje):
    omil = omil_de(LIMACHE)
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil))
    antes = (omil.version, omil.history.count())

    respuesta = client.post(
        reverse("nucleo:institucion_edit", args=[omil.pk]),
        formulario(omil, logo=archivo() if callable(archivo) else archivo),
    )

    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    assert "Logo actual" not in respuesta.content.decode()  # nothing was kept to show
    omil.refresh_from_db()
    assert (omil.version, omil.history.count(), omil.logo.name) == (*antes, "")


def test_el_logo_de_una_institucion_no_publica_no_se_sirve(client):
    omil = omil_de(LIMACHE)
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil))
    client.post(
        reverse("nucleo:institucion_edit", args=[omil.pk]),
        formulario(omil, publica="", logo=imagen()),
    )
    client.logout()

    assert client.get(reverse("oferta:logo", args=[omil.pk])).status_code == 404


def test_quitar_el_logo(client):
    omil = omil_de(LIMACHE)
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil))
    url = reverse("nucleo:institucion_edit", args=[omil.pk])
    client.post(url, formulario(omil, logo=imagen()))
    omil.refresh_from_db()

    client.post(url, formulario(omil, quitar_logo="on"))

    omil.refresh_from_db()
    assert omil.logo.name == ""
    assert client.get(reverse("oferta:logo", args=[omil.pk])).status_code == 404


def test_un_logo_que_falta_en_el_almacen_es_404_y_no_500(client):
    omil = omil_de(LIMACHE)
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil))
    client.post(reverse("nucleo:institucion_edit", args=[omil.pk]), formulario(omil, logo=imagen()))
    omil.refresh_from_db()
    omil.logo.storage.delete(omil.logo.name)

    assert client.get(reverse("oferta:logo", args=[omil.pk])).status_code == 404
