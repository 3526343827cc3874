from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nucleo.models import LecturaRegistrada, Rol
from tests.factories import (
    MinutaFactory,
    SesionFactory,
    mesa_comunal,
    mesa_regional,
    oficina,
    omil_de,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


def test_descargar_una_minuta_queda_registrado_con_quien_y_desde_donde(client):
    omil = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))
    sesion = SesionFactory(
        mesa=mesa_comunal("05802"), estado="realizada", inicio=timezone.now() - timedelta(days=3)
    )
    # A version is a file or a text: one of each.
    archivo = MinutaFactory(sesion=sesion, con_archivo=True)
    escrita = MinutaFactory(
        sesion=sesion, numero=2, texto="Derivaciones de personas en rehabilitación"
    )
    client.force_login(omil)

    client.get(reverse("mesas:minuta_download", args=[archivo.pk]), REMOTE_ADDR="200.5.6.7")
    client.get(reverse("mesas:minuta_pdf", args=[escrita.pk]), REMOTE_ADDR="200.5.6.7")

    lecturas = list(LecturaRegistrada.objects.order_by("created_at"))
    assert [(lectura.usuario, lectura.ip, lectura.objeto_tipo) for lectura in lecturas] == [
        (omil, "200.5.6.7", "mesas.minuta"),
        (omil, "200.5.6.7", "mesas.minuta"),
    ]
    assert lecturas[1].descripcion.startswith("Texto de la Minuta v2")


def test_un_acceso_rechazado_no_registra_lectura(client):
    sesion = SesionFactory(mesa=mesa_comunal("05802"), estado="realizada")
    minuta = MinutaFactory(sesion=sesion)
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05109")))

    assert client.get(reverse("mesas:minuta_pdf", args=[minuta.pk])).status_code == 404
    assert not LecturaRegistrada.objects.exists()


def test_ver_una_sesion_con_minuta_escrita_registra_la_lectura_del_texto(client):
    representante = usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis"))
    sesion = SesionFactory(mesa=mesa_regional(miembros=("senadis",)), estado="realizada")
    minuta = MinutaFactory(sesion=sesion, texto="Casos de violencia intrafamiliar derivados")
    client.force_login(representante)

    contenido = client.get(sesion.get_absolute_url(), REMOTE_ADDR="200.5.6.7").content.decode()

    assert "Casos de violencia intrafamiliar derivados" in contenido
    lectura = LecturaRegistrada.objects.get()
    assert (lectura.usuario, lectura.ip, lectura.objeto_tipo, lectura.objeto_id) == (
        representante,
        "200.5.6.7",
        "mesas.minuta",
        str(minuta.pk),
    )
    assert lectura.descripcion.endswith("(página de la sesión)")


def test_una_minuta_solo_con_archivo_no_registra_lectura_al_ver_la_sesion(client):
    sesion = SesionFactory(mesa=mesa_comunal("05802"), estado="realizada")
    MinutaFactory(sesion=sesion, con_archivo=True)
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802")))

    assert client.get(sesion.get_absolute_url()).status_code == 200
    assert not LecturaRegistrada.objects.exists()


def test_quien_no_ve_la_sesion_no_lee_su_minuta_ni_queda_lectura(client):
    sesion = SesionFactory(mesa=mesa_comunal("05802"), estado="realizada")
    MinutaFactory(sesion=sesion, texto="Casos derivados")
    client.force_login(usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05109")))

    assert client.get(sesion.get_absolute_url()).status_code == 404
    assert client.get(reverse("mesas:minuta_historial", args=[sesion.pk])).status_code == 404
    assert not LecturaRegistrada.objects.exists()


def test_el_historial_de_la_minuta_registra_la_lectura_de_sus_textos(client):
    omil = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))
    sesion = SesionFactory(mesa=mesa_comunal("05802"), estado="realizada")
    primera = MinutaFactory(sesion=sesion, texto="Primer borrador")
    segunda = MinutaFactory(sesion=sesion, numero=2, texto="Texto final")
    client.force_login(omil)

    client.get(reverse("mesas:minuta_historial", args=[sesion.pk]), REMOTE_ADDR="200.5.6.8")

    lecturas = LecturaRegistrada.objects.filter(descripcion__endswith="(historial)")
    assert sorted((lec.objeto_id, lec.ip) for lec in lecturas) == sorted(
        [(str(primera.pk), "200.5.6.8"), (str(segunda.pk), "200.5.6.8")]
    )
