import pytest
from django.core import mail
from django.utils import timezone

from convenios.models import AlertaConvenio, Convenio
from convenios.tasks import alertar_vencimientos
from omil.models import PlanComunal

pytestmark = pytest.mark.django_db


def test_demo_tiene_planes_de_las_comunas_activas_y_convenios(
    demo, django_capture_on_commit_callbacks
):
    planes = PlanComunal.objects.filter(anio=timezone.localdate().year)

    assert sorted(planes.values_list("comuna__nombre", flat=True)) == [
        "Casablanca",
        "Concón",
        "Juan Fernández",
        "Limache",
        "Olmué",
        "Puchuncaví",
        "Quilpué",
        "Quintero",
        "Villa Alemana",
        "Viña del Mar",
    ]
    assert set(planes.values_list("estado", flat=True)) == {
        "borrador",
        "enviado",
        "observado",
        "aprobado",
    }
    limache = planes.get(comuna__nombre="Limache")
    assert limache.poblaciones_foco == ["discapacidad", "consumo_drogas"]
    assert limache.lineas.filter(servicios__servicio__codigo="senda").exists()
    vina = planes.get(comuna__nombre="Viña del Mar")
    assert vina.lineas.filter(servicios__servicio__codigo="sernameg").exists()
    assert vina.history.count() == 3
    valparaiso = Convenio.objects.filter(oficina_sence__region_id="05")
    assert valparaiso.filter(
        tipo="apoyo_tecnico", instituciones__servicio__codigo="seremi-economia"
    ).exists()
    assert [
        c.dias_para_vencer <= 90 for c in valparaiso.filter(estado="firmado", tipo="colaboracion")
    ].count(True) == 1

    # The warnings already due were recorded by the demo: the daily task sends nothing new.
    antes = AlertaConvenio.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        alertar_vencimientos.delay()
    assert AlertaConvenio.objects.count() == antes
    assert mail.outbox == []
