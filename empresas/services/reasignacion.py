"""What a deactivated person leaves open in the company network: the planned visits they were
to attend, passed to a colleague (registered in EmpresasConfig.ready)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from empresas import permissions
from empresas.models import VisitaEmpresa
from nucleo.servicios import exigir


def _planificadas(usuario):
    return VisitaEmpresa.objects.filter(
        participantes=usuario,
        estado=VisitaEmpresa.Estado.PLANIFICADA,
        inicio__gte=timezone.now(),
    )


def visitas_planificadas_contar(usuario, institucion) -> int:
    return _planificadas(usuario).count()


@transaction.atomic
def visitas_reasignar(*, de, a, institucion, por) -> int:
    exigir(permissions.puede_reasignar_visitas(por, de=de, institucion=institucion))
    visitas = list(_planificadas(de))
    for visita in visitas:
        visita.participantes.remove(de)
        visita.participantes.add(a)
    return len(visitas)
