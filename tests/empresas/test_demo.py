import random
from datetime import date

import pytest
from django.utils import timezone

from empresas import demo
from empresas.models import (
    Empresa,
    EncuentroEmpresarial,
    InvitacionVisita,
    VisitaEmpresa,
)
from empresas.rut import es_valido
from nucleo import demo as demo_nucleo
from nucleo.models import Usuario

pytestmark = pytest.mark.django_db


def _contexto(nacional: bool) -> demo_nucleo.Contexto:
    return demo_nucleo.Contexto(
        nacional=nacional,
        anios=2,
        hoy=timezone.localdate() if not nacional else date(2026, 11, 1),
        rng=random.Random(1),
        escribir=lambda texto: None,
    )


def test_demo_de_valparaiso_es_realista_y_tiene_algo_que_confirmar(demo):
    empresas = Empresa.objects.filter(comuna__region="05")
    senadis = Usuario.objects.get(username="senadis")

    assert 250 <= empresas.count() <= 400
    assert all(es_valido(rut) for rut in Empresa.objects.values_list("rut", flat=True))
    assert empresas.filter(comuna="05802").count() >= 20
    assert VisitaEmpresa.objects.filter(estado="realizada", vacantes_ofrecidas__gt=0).exists()
    assert VisitaEmpresa.objects.filter(estado="suspendida").exists()
    pendientes = InvitacionVisita.objects.filter(
        institucion__membresias__usuario=senadis,
        estado="pendiente",
        visita__estado="planificada",
        visita__inicio__gt=timezone.now(),
    )
    assert pendientes.exists()
    assert InvitacionVisita.objects.filter(estado="confirmada", respondido_por=senadis).exists()
    assert EncuentroEmpresarial.objects.count() == 2
    assert Empresa.objects.filter(comuna__region="08").exists()  # for the other region's user


def test_modo_nacional_cubre_todas_las_regiones_con_inserciones_masivas(
    django_assert_max_num_queries,
):
    ctx = _contexto(nacional=True)
    demo_nucleo.sembrar(ctx)

    with django_assert_max_num_queries(400):
        demo.sembrar(ctx)

    regiones_con_empresas = set(Empresa.objects.values_list("comuna__region", flat=True))
    regiones_con_visitas = set(
        VisitaEmpresa.objects.values_list("empresa__comuna__region", flat=True)
    )
    assert len(regiones_con_empresas) == 16
    assert regiones_con_visitas == regiones_con_empresas
    assert VisitaEmpresa.objects.count() >= 16 * 60 * ctx.anios
    assert all(es_valido(rut) for rut in Empresa.objects.values_list("rut", flat=True))
