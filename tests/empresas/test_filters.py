"""empresas/filters.py: the visits list's tabs through a FilterSet."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from empresas.filters import VisitaFilter
from empresas.models import VisitaEmpresa
from nucleo.models import Rol
from tests.factories import VisitaEmpresaFactory, oficina, usuario_con_rol

pytestmark = pytest.mark.django_db


def _filtro(usuario, consulta: str = "") -> VisitaFilter:
    return VisitaFilter(
        QueryDict(consulta),
        queryset=VisitaEmpresa.objects.all(),
        usuario=usuario,
        ahora=timezone.now(),
    )


def test_una_pestana_desconocida_muestra_las_proximas():
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO, oficina())
    proxima = VisitaEmpresaFactory(inicio=timezone.now() + timedelta(days=3))
    VisitaEmpresaFactory(inicio=timezone.now() - timedelta(days=3))

    filtro = _filtro(ejecutivo, "ver=cualquiera")

    assert filtro.vista == "proximas"
    assert list(filtro.qs) == [proxima]


def test_sin_pestana_el_representante_ve_lo_que_debe_responder_y_los_demas_lo_proximo():
    representante = usuario_con_rol(Rol.REPRESENTANTE)
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO, oficina())

    assert _filtro(representante).vista == "pendientes"
    assert _filtro(ejecutivo).vista == "proximas"
    assert "pendientes" not in _filtro(ejecutivo).vistas
    assert "mias" not in _filtro(representante).vistas


def test_pasadas_incluye_las_que_ya_no_estan_planificadas_de_la_mas_reciente_a_la_mas_antigua():
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO, oficina())
    antigua = VisitaEmpresaFactory(inicio=timezone.now() - timedelta(days=30))
    reciente = VisitaEmpresaFactory(inicio=timezone.now() - timedelta(days=2))
    suspendida = VisitaEmpresaFactory(
        inicio=timezone.now() + timedelta(days=5), estado=VisitaEmpresa.Estado.SUSPENDIDA
    )

    assert list(_filtro(ejecutivo, "ver=pasadas").qs) == [suspendida, reciente, antigua]
