"""Moving a session reopens its answers through save(): one history record for the session
(with its new round) and one for each reopened answer, each saying who moved it (issue 13)."""

import pytest
from django.utils import timezone

from mesas import services
from mesas.models import Asistencia
from nucleo.models import Rol
from tests.factories import AsistenciaFactory, SesionFactory, oficina, usuario_con_rol

pytestmark = pytest.mark.django_db


def test_mover_la_sesion_reabre_las_respuestas_con_historial_de_quien_la_movio():
    gestora = usuario_con_rol(Rol.ARTICULADOR)
    sesion = SesionFactory()
    confirmada = AsistenciaFactory(
        sesion=sesion,
        estado=Asistencia.Estado.CONFIRMADA,
        respondida_at=timezone.now(),
        recordatorio_enviado_at=timezone.now(),
    )
    sin_respuesta = AsistenciaFactory(
        sesion=sesion,
        institucion=oficina("senda"),
        email="senda@ejemplo.cl",
        recordatorio_enviado_at=timezone.now(),
    )
    registros_sesion, registros_confirmada = sesion.history.count(), confirmada.history.count()
    registros_sin_respuesta, ronda = sin_respuesta.history.count(), sesion.ronda

    services.sesion_actualizar(
        sesion=sesion,
        version=sesion.version,
        tipo=sesion.tipo,
        titulo="",
        inicio=sesion.inicio,
        fin=sesion.fin,
        lugar="Otra sala",
        enlace_video="",
        por=gestora,
    )

    sesion.refresh_from_db()
    confirmada.refresh_from_db()
    sin_respuesta.refresh_from_db()
    assert sesion.ronda == ronda + 1
    assert sesion.history.count() == registros_sesion + 1
    assert sesion.history.first().ronda == ronda + 1
    assert sesion.history.first().history_user == gestora
    assert (confirmada.estado, confirmada.respondida_at) == (Asistencia.Estado.INVITADA, None)
    assert confirmada.history.count() == registros_confirmada + 1
    assert confirmada.history.first().history_user == gestora
    assert sin_respuesta.history.count() == registros_sin_respuesta
    assert (confirmada.recordatorio_enviado_at, sin_respuesta.recordatorio_enviado_at) == (
        None,
        None,
    )


def test_editar_sin_cambiar_fecha_ni_lugar_no_abre_otra_ronda():
    sesion = SesionFactory()
    confirmada = AsistenciaFactory(sesion=sesion, estado=Asistencia.Estado.CONFIRMADA)

    services.sesion_actualizar(
        sesion=sesion,
        version=sesion.version,
        tipo=sesion.tipo,
        titulo="Con título",
        inicio=sesion.inicio,
        fin=sesion.fin,
        lugar=sesion.lugar,
        enlace_video="",
        por=usuario_con_rol(Rol.ARTICULADOR),
    )

    sesion.refresh_from_db()
    confirmada.refresh_from_db()
    assert (sesion.ronda, confirmada.estado) == (1, Asistencia.Estado.CONFIRMADA)
