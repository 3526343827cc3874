"""Moving a visit asks each service again through save(): the reopened invitation's history
says who moved the visit (issue 13: no write skips the history)."""

from datetime import timedelta

import pytest

from empresas import services
from empresas.models import InvitacionVisita
from tests.factories import InvitacionVisitaFactory

pytestmark = pytest.mark.django_db


def test_mover_la_visita_reabre_la_invitacion_con_historial_de_quien_la_movio(
    django_capture_on_commit_callbacks,
):
    invitacion = InvitacionVisitaFactory()
    visita = invitacion.visita
    services.invitacion_responder(
        invitacion=invitacion, estado="confirmada", por=None, por_enlace=True
    )
    registros = invitacion.history.count()

    with django_capture_on_commit_callbacks(execute=True):
        services.visita_actualizar(
            visita=visita,
            version=visita.version,
            inicio=visita.inicio + timedelta(days=1),
            objetivo=visita.objetivo,
            participantes=[visita.planificada_por],
            instituciones=[invitacion.institucion],
            por=visita.planificada_por,
        )

    invitacion.refresh_from_db()
    ultimo = invitacion.history.order_by("-history_date", "-history_id").first()
    assert invitacion.estado == InvitacionVisita.Estado.PENDIENTE
    assert invitacion.history.count() == registros + 1
    assert (ultimo.estado, ultimo.history_user) == (
        InvitacionVisita.Estado.PENDIENTE,
        visita.planificada_por,
    )
