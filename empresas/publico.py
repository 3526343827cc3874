"""Upcoming encuentros empresariales on the public pages (nucleo.publico)."""

from django.utils import timezone

from empresas.models import EncuentroEmpresarial
from nucleo.publico import SeccionPublica, registrar_seccion_publica


@registrar_seccion_publica
def proximos_encuentros(region, comuna):
    qs = EncuentroEmpresarial.objects.filter(
        region=region,
        estado=EncuentroEmpresarial.Estado.PROGRAMADO,
        inicio__gte=timezone.now(),
    ).select_related("comuna")
    if comuna is not None:
        qs = qs.filter(comuna=comuna)
    encuentros = list(qs.order_by("inicio")[:5])
    if not encuentros:
        return None
    return SeccionPublica(
        "Próximos encuentros con empresas",
        "empresas/publico/encuentros.html",
        {"encuentros": encuentros},
        orden=30,
    )
