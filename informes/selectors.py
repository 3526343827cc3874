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


def informes_atascados(*, ahora) -> QuerySet[Informe]:
    """Reports being built whose worker stopped renewing the lease (killed, machine gone)."""
    return Informe.objects.filter(estado=Informe.Estado.GENERANDO).filter(
        Q(reservado_hasta__lt=ahora)
        | Q(
            reservado_hasta__isnull=True,
            iniciado_at__lt=ahora - Informe.SIN_RESERVA_ATASCADO,
        )
    )
