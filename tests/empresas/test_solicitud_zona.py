"""The company hears the date of its visit in the time of the comuna visited (Isla de Pascua)."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from empresas import services
from nucleo import calendario
from nucleo.models import Comuna, Rol
from tests.factories import oficina, usuario_con_rol

pytestmark = pytest.mark.django_db


def test_la_fecha_avisada_es_la_del_dia_en_la_isla(django_capture_on_commit_callbacks):
    isla = Comuna.objects.get(codigo="05201")
    solicitud = services.solicitud_recibir(
        datos={
            "razon_social": "Hotel Hanga Roa SpA",
            "rut": "76.123.456-0",
            "rubro": "turismo",
            "tamano": "mediana",
            "comuna": isla,
            "necesidades": ["vacantes"],
            "detalle": "Personal para la temporada.",
            "contacto_nombre": "Ana Tuki",
            "contacto_email": "ana@hangaroa.cl",
            "contacto_telefono": "+56 9 1234 5678",
        },
        ip="127.0.0.1",
    )
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    dia = timezone.localdate() + timedelta(days=10)
    # 23:00 on the island is already the next day in Santiago.
    inicio = calendario.en_zona(dia, time(23, 0), isla.zona_horaria)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.solicitud_aceptar(
            solicitud=solicitud,
            inicio=inicio,
            objetivo="Vacantes de temporada",
            participantes=[ejecutivo],
            instituciones=[oficina("senadis")],
            por=ejecutivo,
        )

    (aviso,) = [m for m in mail.outbox if m.to == ["ana@hangaroa.cl"]]
    assert timezone.localtime(inicio).date() != dia
    assert aviso.subject.endswith(f"el {dia:%d-%m-%Y}")
