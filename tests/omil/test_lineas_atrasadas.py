"""A line of action past its deadline and still open is «Atrasada»: one rule, in the model."""

from datetime import date

import pytest
from django.db.models import Count

from omil.models import LineaAccion, PlanComunal, q_linea_atrasada
from tests.factories import LineaAccionFactory, PlanComunalFactory

pytestmark = pytest.mark.django_db

Estado = LineaAccion.Estado
AL = date(2026, 7, 1)


@pytest.mark.parametrize(
    ("plazo", "estado", "atrasada"),
    [
        (date(2026, 6, 30), Estado.PENDIENTE, True),
        (date(2026, 6, 30), Estado.EN_CURSO, True),
        (date(2026, 6, 30), Estado.CUMPLIDA, False),
        (date(2026, 6, 30), Estado.SUSPENDIDA, False),
        (date(2026, 7, 1), Estado.PENDIENTE, False),  # due today: not late yet
        (date(2026, 9, 30), Estado.EN_CURSO, False),
    ],
)
def test_linea_atrasada_segun_plazo_y_estado(plazo, estado, atrasada):
    linea = LineaAccionFactory(plazo=plazo, estado=estado)

    en_consulta = LineaAccion.objects.atrasadas(al=AL).filter(pk=linea.pk).exists()

    assert en_consulta is atrasada
    assert linea.atrasada_al(AL) is atrasada


def test_plan_cuenta_sus_lineas_atrasadas_con_el_mismo_predicado():
    plan = PlanComunalFactory()
    LineaAccionFactory(plan=plan, plazo=date(2026, 3, 31), estado=Estado.PENDIENTE)
    LineaAccionFactory(plan=plan, plazo=date(2026, 3, 31), estado=Estado.CUMPLIDA)
    LineaAccionFactory(plan=plan, plazo=date(2026, 12, 31), estado=Estado.PENDIENTE)

    contado = PlanComunal.objects.annotate(
        n=Count("lineas", filter=q_linea_atrasada(al=AL, prefijo="lineas__"))
    ).get(pk=plan.pk)

    assert contado.n == 1


def test_sin_fecha_se_mide_contra_hoy():
    linea = LineaAccionFactory(plazo=date(2000, 1, 1), estado=Estado.PENDIENTE)

    assert linea.atrasada
    assert LineaAccion.objects.atrasadas().filter(pk=linea.pk).exists()
