"""The services that had no permission check of their own (issue 13): each asks its app's
permissions.py, and a user without permission gets PermissionDenied with nothing changed."""

import pytest
from django.core.exceptions import PermissionDenied

from empresas.services.reasignacion import visitas_reasignar
from mesas.models import Mesa
from mesas.services.alta_region import mesa_regional_alta
from mesas.services.reasignacion import acuerdos_reasignar
from nucleo.models import Region, Rol
from tests.factories import (
    AcuerdoFactory,
    UsuarioFactory,
    VisitaEmpresaFactory,
    oficina,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def salida():
    """A SENADIS representative leaving, a colleague, one open agreement and one visit."""
    senadis = oficina("senadis")
    saliente = usuario_con_rol(Rol.REPRESENTANTE, senadis)
    colega = usuario_con_rol(Rol.REPRESENTANTE, senadis)
    acuerdo = AcuerdoFactory(institucion_responsable=senadis, persona_responsable=saliente)
    visita = VisitaEmpresaFactory(participantes=[saliente])
    return senadis, saliente, colega, acuerdo, visita


@pytest.mark.parametrize(
    "por",
    [
        lambda: None,
        lambda: UsuarioFactory(),
        lambda: usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis")),  # a peer, not a manager
        lambda: usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "08")),  # another region
    ],
    ids=["sin persona", "sin rol", "colega", "otra region"],
)
def test_reasignar_sin_permiso_se_niega_y_no_cambia_nada(salida, por):
    senadis, saliente, colega, acuerdo, visita = salida
    quien = por()
    historial = acuerdo.history.count()

    with pytest.raises(PermissionDenied):
        acuerdos_reasignar(de=saliente, a=colega, institucion=senadis, por=quien)
    with pytest.raises(PermissionDenied):
        visitas_reasignar(de=saliente, a=colega, institucion=senadis, por=quien)

    acuerdo.refresh_from_db()
    assert acuerdo.persona_responsable == saliente
    assert acuerdo.history.count() == historial
    assert list(visita.participantes.all()) == [saliente]


def test_reasignar_lo_hace_quien_gestiona_a_la_persona(salida):
    senadis, saliente, colega, acuerdo, visita = salida
    articuladora = usuario_con_rol(Rol.ARTICULADOR)

    acuerdos = acuerdos_reasignar(de=saliente, a=colega, institucion=senadis, por=articuladora)
    visitas = visitas_reasignar(de=saliente, a=colega, institucion=senadis, por=articuladora)

    acuerdo.refresh_from_db()
    assert (acuerdos, visitas) == (1, 1)
    assert acuerdo.persona_responsable == colega
    assert acuerdo.history.first().history_user == articuladora
    assert list(visita.participantes.all()) == [colega]


@pytest.mark.parametrize(
    "por",
    [
        lambda: None,
        lambda: usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "08")),
        lambda: UsuarioFactory(is_superuser=True, is_staff=True, is_active=False),
    ],
    ids=["sin persona", "articuladora", "administrador inactivo"],
)
def test_mesa_regional_alta_sin_permiso_se_niega_y_no_crea_nada(por):
    sence = oficina("sence", "08")
    quien = por()

    with pytest.raises(PermissionDenied):
        mesa_regional_alta(
            region=Region.objects.get(codigo="08"), sence=sence, oficinas=[], por=quien
        )

    assert not Mesa.objects.filter(region_id="08").exists()


def test_mesa_regional_alta_la_da_el_administrador_y_queda_en_el_historial():
    sence = oficina("sence", "08")
    admin = UsuarioFactory(is_superuser=True, is_staff=True)

    mesa_regional_alta(region=Region.objects.get(codigo="08"), sence=sence, oficinas=[], por=admin)

    mesa = Mesa.objects.get(region_id="08", tipo=Mesa.Tipo.REGIONAL)
    assert mesa.history.first().history_user == admin
    assert mesa.integrantes.get().institucion == sence
