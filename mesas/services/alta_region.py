"""The mesas' step of `manage.py region_alta`: the regional mesa, coordinated by SENCE, with
every regional office of the services as a member. Idempotent (registered in MesasConfig)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from mesas import permissions
from mesas.models import Integrante, Mesa
from mesas.services.mesas import nombre_de_mesa
from nucleo.servicios import exigir


@transaction.atomic
def mesa_regional_alta(*, region, sence, oficinas, por) -> str:
    exigir(permissions.puede_dar_alta_mesa_regional(por, region))
    mesa = Mesa.objects.filter(tipo=Mesa.Tipo.REGIONAL, region=region).first()
    creada = mesa is None
    if creada:
        mesa = Mesa(
            tipo=Mesa.Tipo.REGIONAL,
            nombre=nombre_de_mesa(Mesa.Tipo.REGIONAL, region, None),
            region=region,
            coordinadora=sence,
            fecha_inicio=timezone.localdate(),
        )
        mesa.full_clean()
        mesa._history_user = por
        mesa.save()
    nuevos = 0
    for institucion in [sence, *oficinas]:
        rol = Integrante.Rol.COORDINACION if institucion.pk == sence.pk else Integrante.Rol.TITULAR
        _, nuevo = Integrante.objects.get_or_create(
            mesa=mesa, institucion=institucion, persona=None, defaults={"rol": rol}
        )
        nuevos += nuevo
    estado = "creada" if creada else "ya existía"
    return f"{mesa.nombre}: {estado}; {nuevos} integrantes nuevos."
