"""Who changed what, when, and from which address: django-simple-history plus the client IP.

Models declare `history = HistoricalRecords(bases=[HistorialConIP])`; the receiver below fills
`ip` from the request that HistoryRequestMiddleware keeps for the duration of the request.
"""

from django.db import models
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class HistorialConIP(models.Model):
    ip = models.GenericIPAddressField("dirección IP", null=True, blank=True, editable=False)

    class Meta:
        abstract = True


def ip_de(request) -> str | None:
    """The client address, honouring the configured number of reverse proxies (as django-axes)."""
    from axes.helpers import get_client_ip_address

    try:
        return get_client_ip_address(request)
    except Exception:  # a malformed header must never break a save
        return request.META.get("REMOTE_ADDR")


@receiver(pre_create_historical_record)
def registrar_ip(sender, history_instance, **kwargs) -> None:
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None and hasattr(history_instance, "ip"):
        history_instance.ip = ip_de(request)


def registrar_lectura(request, objeto: models.Model, descripcion: str) -> None:
    """Logs that the signed-in user read sensitive content; the serving view calls it."""
    from nucleo.models import LecturaRegistrada

    LecturaRegistrada.objects.create(
        usuario=request.user,
        objeto_tipo=objeto._meta.label_lower,
        objeto_id=str(objeto.pk),
        descripcion=descripcion[:250],
        ip=ip_de(request),
    )
