"""Writes of agreements (acuerdos) taken at sessions."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mesas import permissions
from mesas.models import (
    Acuerdo,
    Sesion,
)
from nucleo.models import Institucion, Usuario
from nucleo.servicios import actualizar_modelo, exigir


@transaction.atomic
def acuerdo_registrar(
    *,
    sesion: Sesion,
    texto: str,
    institucion_responsable: Institucion,
    persona_responsable: Usuario | None = None,
    fecha_limite: date,
    por: Usuario | None,
) -> Acuerdo:
    exigir(permissions.puede_gestionar_mesa(por, sesion.mesa))
    if sesion.estado == Sesion.Estado.SUSPENDIDA:
        raise ValidationError("La sesión fue suspendida: no registra acuerdos.")
    if fecha_limite < timezone.localdate(sesion.inicio):
        raise ValidationError({"fecha_limite": "La fecha límite es anterior a la sesión."})
    acuerdo = Acuerdo(
        mesa=sesion.mesa,
        sesion=sesion,
        texto=texto.strip(),
        institucion_responsable=institucion_responsable,
        persona_responsable=persona_responsable,
        fecha_limite=fecha_limite,
        created_by=por,
    )
    if fecha_limite < timezone.localdate():
        acuerdo.estado = Acuerdo.Estado.VENCIDO
    acuerdo.full_clean()
    acuerdo.save()
    return acuerdo


@transaction.atomic
def acuerdo_cumplir(*, acuerdo: Acuerdo, observacion: str = "", por: Usuario | None) -> Acuerdo:
    exigir(permissions.puede_cumplir_acuerdo(por, acuerdo))
    if acuerdo.estado == Acuerdo.Estado.CUMPLIDO:
        raise ValidationError("El acuerdo ya estaba cumplido.")
    datos = {
        "estado": Acuerdo.Estado.CUMPLIDO,
        "cumplido_por": por,
        "cumplido_at": timezone.now(),
        "observacion": observacion.strip()[:300],
    }
    actualizar_modelo(instancia=acuerdo, campos=list(datos), datos=datos, por=por)
    return acuerdo


@transaction.atomic
def acuerdos_vencer(*, hoy: date | None = None) -> int:
    """Pending agreements past their due date become vencido (daily task)."""
    hoy = hoy or timezone.localdate()
    n = 0
    for acuerdo in Acuerdo.objects.filter(estado=Acuerdo.Estado.PENDIENTE, fecha_limite__lt=hoy):
        # A system job (por=None): through save(), so the history records it.
        actualizar_modelo(
            instancia=acuerdo, campos=["estado"], datos={"estado": Acuerdo.Estado.VENCIDO}
        )
        n += 1
    return n
