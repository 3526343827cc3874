from datetime import timedelta

import pytest
from django.utils import timezone

from mesas.models import Acuerdo, Mesa, Minuta, Sesion

pytestmark = pytest.mark.django_db


def test_demo_de_valparaiso(demo):
    regional = Mesa.objects.get(tipo="regional", region_id="05")
    comunales = Mesa.objects.filter(tipo="comunal", region_id="05")

    assert regional.fecha_inicio.isoformat() == "2016-12-26"
    assert regional.sesiones.filter(inicio__year=2016, estado="realizada").count() == 1
    ultimo_anio = regional.sesiones.filter(
        estado="realizada", inicio__gte=timezone.now() - timedelta(days=366)
    )
    assert ultimo_anio.count() >= 11
    assert all(s.minutas.exists() for s in ultimo_anio)
    assert Minuta.objects.filter(sesion__mesa=regional).exclude(archivo="").count() == 3
    assert regional.series.get().sesiones.filter(estado="programada").count() == 6
    assert set(Acuerdo.objects.filter(mesa=regional).values_list("estado", flat=True)) == {
        "pendiente",
        "cumplido",
        "vencido",
    }
    assert set(comunales.values_list("comuna__provincia_id", flat=True)) == {"051", "058"}
    assert not comunales.filter(comuna_id="05101").exists()
    assert comunales.count() == 10
    assert all(Sesion.objects.filter(mesa=m, estado="realizada").exists() for m in comunales)
    limache = comunales.get(comuna__nombre="Limache")
    vina = comunales.get(comuna__nombre="Viña del Mar")
    assert limache.poblaciones == ["discapacidad"]
    assert limache.integrantes.filter(institucion__servicio__codigo="senda").exists()
    assert vina.poblaciones == ["mujeres"]
    assert vina.integrantes.filter(institucion__servicio__codigo="sernameg").exists()
