"""`manage.py region_alta`: a region onboarded in minutes, idempotently."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from mesas.models import Integrante, Mesa
from nucleo.models import Comuna, Institucion, Invitacion, Rol, ServicioPublico
from tests.factories import UsuarioFactory

pytestmark = pytest.mark.django_db


def alta(**opciones) -> str:
    salida = io.StringIO()
    call_command("region_alta", stdout=salida, **opciones)
    return salida.getvalue()


@pytest.fixture
def admin():
    return UsuarioFactory(username="admin", is_superuser=True, is_staff=True)


def test_da_de_alta_biobio_desde_cero_y_dos_veces_no_duplica_nada(
    admin, django_capture_on_commit_callbacks
):
    assert not Institucion.objects.filter(region_id="08").exists()

    with django_capture_on_commit_callbacks(execute=True):
        primera = alta(region="08", articulador_email="Ana@Sence.cl")
    conteo = Institucion.objects.filter(region_id="08").count()
    with django_capture_on_commit_callbacks(execute=True):
        segunda = alta(region="8", articulador_email="ana@sence.cl")

    servicios = ServicioPublico.objects.count()
    comunas = Comuna.objects.filter(region_id="08").count()
    assert comunas == 33
    assert conteo == servicios + comunas == Institucion.objects.filter(region_id="08").count()
    assert Institucion.objects.get(region_id="08", servicio__codigo="sence").nombre == (
        "Dirección Regional SENCE Biobío"
    )
    mesa = Mesa.objects.get(region_id="08", tipo="regional")
    assert mesa.coordinadora.es_sence
    assert Integrante.objects.filter(mesa=mesa).count() == servicios
    invitacion = Invitacion.objects.get()
    assert (invitacion.email, invitacion.rol) == ("ana@sence.cl", Rol.ARTICULADOR)
    assert invitacion.invitada_por == admin
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@sence.cl"]
    assert "Invitación enviada a ana@sence.cl" in primera
    assert "ya tiene una invitación vigente" in segunda and "ya existía" in segunda


def test_region_inexistente_o_correo_malo_dan_error_claro(admin):
    with pytest.raises(CommandError, match="No existe la región «99»"):
        alta(region="99", articulador_email="a@b.cl")
    with pytest.raises(CommandError, match="no es válido"):
        alta(region="08", articulador_email="no-es-correo")


def test_sin_administrador_pide_crearlo():
    with pytest.raises(CommandError, match="createsuperuser"):
        alta(region="08", articulador_email="a@b.cl")
