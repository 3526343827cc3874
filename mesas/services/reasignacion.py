"""What a deactivated person leaves open in the mesas, passed to a colleague (registered with
nucleo.registro.registrar_reasignacion in MesasConfig.ready)."""

from __future__ import annotations

from django.db import transaction

from mesas import permissions
from mesas.models import Acuerdo
from nucleo.servicios import exigir


def _abiertos(usuario, institucion):
    return Acuerdo.objects.filter(
        persona_responsable=usuario,
        institucion_responsable=institucion,
        estado__in=Acuerdo.ABIERTOS,
    )


def acuerdos_abiertos_contar(usuario, institucion) -> int:
    return _abiertos(usuario, institucion).count()


@transaction.atomic
def acuerdos_reasignar(*, de, a, institucion, por) -> int:
    """Each open agreement of `de` in `institucion` gets `a` as responsible (in its history)."""
    exigir(permissions.puede_reasignar_acuerdos(por, de=de, institucion=institucion))
    acuerdos = list(_abiertos(de, institucion).select_for_update())
    for acuerdo in acuerdos:
        acuerdo.persona_responsable = a
        acuerdo._history_user = por
        acuerdo.save(update_fields=["persona_responsable"])
    return len(acuerdos)
