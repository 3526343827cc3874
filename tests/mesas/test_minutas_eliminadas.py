from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mesas.models import Minuta
from nucleo.models import Rol
from tests.factories import (
    MinutaFactory,
    SesionFactory,
    mesa_comunal,
    oficina,
    omil_de,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def escena(client):
    omil = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))
    inicio = timezone.now() - timedelta(days=5)
    sesion = SesionFactory(mesa=mesa_comunal("05802"), estado="realizada", inicio=inicio)
    minuta = MinutaFactory(sesion=sesion)
    client.force_login(omil)
    return omil, sesion, minuta


def test_eliminar_una_minuta_la_saca_de_la_sesion_y_se_puede_restaurar(client, escena):
    omil, sesion, minuta = escena

    client.post(reverse("mesas:minuta_eliminar", args=[minuta.pk]), REMOTE_ADDR="200.1.2.3")

    assert not sesion.minutas.exists()
    borrada = Minuta.todas.get(pk=minuta.pk)
    assert borrada.eliminada_por == omil
    pagina = client.get(sesion.get_absolute_url()).content.decode()
    assert "Minutas eliminadas (1)" in pagina
    assert "Falta la minuta" in pagina
    assert client.get(reverse("mesas:minuta_pdf", args=[minuta.pk])).status_code == 404

    client.post(reverse("mesas:minuta_restaurar", args=[minuta.pk]))

    assert list(sesion.minutas.all()) == [minuta]
    historial = list(Minuta.history.filter(id=minuta.pk).order_by("history_date"))
    assert [h.eliminada_at is not None for h in historial] == [False, True, False]
    assert historial[1].history_user == omil and historial[1].ip == "200.1.2.3"


def test_una_nueva_version_no_choca_con_una_eliminada(escena):
    from mesas import services

    omil, sesion, minuta = escena
    services.minuta_eliminar(minuta=minuta, por=omil)

    nueva = services.minuta_subir(sesion=sesion, texto="Acta corregida", por=omil)

    assert nueva.numero == 2


def test_una_sesion_con_su_unica_minuta_eliminada_cuenta_sin_minuta(escena):
    from mesas import selectors, services

    omil, sesion, minuta = escena
    services.minuta_eliminar(minuta=minuta, por=omil)
    sesion.fin = timezone.now() - timedelta(days=4)
    sesion.save()

    assert sesion in selectors.sesiones_sin_minuta_para_recordar(ahora=timezone.now())


def test_solo_quien_gestiona_la_mesa_ve_las_versiones_eliminadas(client, escena):
    from mesas import services

    omil, sesion, minuta = escena
    services.minuta_eliminar(minuta=minuta, por=omil)
    vigente = services.minuta_subir(sesion=sesion, texto="Acta corregida", por=omil)
    sesion.mesa.integrantes.create(institucion=oficina("senadis"))
    client.force_login(usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis")))

    pagina = client.get(sesion.get_absolute_url()).content.decode()

    assert f"Versión {vigente.numero}," in pagina
    assert "Minutas eliminadas" not in pagina
    assert "Versiones anteriores" not in pagina
