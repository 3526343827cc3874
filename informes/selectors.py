from django.db.models import Q, QuerySet

from informes.models import Informe
from informes.permissions import regiones_de_informes


def informes_visibles(usuario) -> QuerySet[Informe]:
    return Informe.objects.filter(region_id__in=regiones_de_informes(usuario)).select_related(
        "region", "solicitado_por"
    )


def informes_pendientes_de_encolar(*, antes_de) -> QuerySet[Informe]:
    """Pending reports whose task never reached a broker (or long ago): the sweeper's work."""
    return Informe.objects.filter(estado=Informe.Estado.PENDIENTE).filter(
        Q(encolado_at__isnull=True, created_at__lt=antes_de) | Q(encolado_at__lt=antes_de)
    )
