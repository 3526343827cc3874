"""The demo's history is dated before the periods it shows (informes/demo.py), so the reports of
past demo periods read the demo's data, and a change made afterwards carries its real date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from informes import figures
from informes.demo import modelos_historicos
from informes.periodos import MENSUAL, SEMESTRAL, Periodo
from nucleo.models import Region
from omil.models import PlanComunal

pytestmark = pytest.mark.django_db


def test_los_informes_de_periodos_pasados_de_la_demo_leen_sus_datos(demo):
    valparaiso = Region.objects.get(codigo="05")
    hoy = timezone.localdate()

    for tipo in (SEMESTRAL, MENSUAL):
        periodo = Periodo.ultimo_cerrado(tipo, hoy)

        al_corte = figures.calcular(valparaiso, periodo, hoy=hoy)
        de_hoy = figures.calcular(valparaiso, periodo, hoy=hoy, historial=False)

        assert al_corte == de_hoy
    regional = al_corte["secciones"][0]["indicadores"][0]["valor"]
    assert regional != "0 / 0", "the demo has regional sessions every month"


def test_la_historia_de_la_demo_es_anterior_a_sus_periodos_y_lo_nuevo_lleva_su_fecha(demo):
    hoy = timezone.localdate()
    primero = Periodo(SEMESTRAL, hoy.year - 1, 1).inicio

    for modelo in modelos_historicos():
        ultimo = modelo.history.model.objects.order_by("-history_date").first()
        if ultimo is not None:
            assert timezone.localdate(ultimo.history_date) <= primero, modelo.__name__

    plan = PlanComunal.objects.first()
    plan.observaciones = "Revisar metas."
    plan.save()
    assert plan.history.latest().history_date > timezone.now() - timedelta(minutes=1)
