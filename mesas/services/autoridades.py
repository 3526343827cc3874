"""The communal authority (alcalde/sa or delegate) sits on their comuna's mesa as a permanent
guest, and is invited to its sessions. Called when their role starts (nucleo's hook,
registered in MesasConfig) and when the communal mesa is created."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from mesas.models import Integrante, Mesa, Sesion
from mesas.services.invitaciones import _encolar_invitaciones, _invitar
from nucleo.models import Institucion, Membresia, Rol


@transaction.atomic
def autoridades_integrar(*, comuna_id: str) -> int:
    """Every active authority of `comuna_id` becomes a guest of its communal mesa and is invited
    to the sessions already scheduled. Idempotent; returns how many joined."""
    mesa = Mesa.objects.filter(tipo=Mesa.Tipo.COMUNAL, comuna_id=comuna_id, activa=True).first()
    if mesa is None:
        return 0
    membresias = Membresia.objects.filter(
        rol=Rol.AUTORIDAD_COMUNAL,
        activa=True,
        usuario__is_active=True,
        institucion__tipo=Institucion.Tipo.OMIL,
        institucion__comuna_id=comuna_id,
    ).select_related("usuario", "institucion")
    futuras = mesa.sesiones.filter(estado=Sesion.Estado.PROGRAMADA, inicio__gt=timezone.now())
    nuevos = 0
    for membresia in membresias:
        integrante, creado = Integrante.objects.get_or_create(
            mesa=mesa,
            institucion=membresia.institucion,
            persona=membresia.usuario,
            defaults={"rol": Integrante.Rol.INVITADO},
        )
        if not creado and integrante.activo:
            continue
        if not creado:
            integrante.activo = True
            integrante.save(update_fields=["activo"])
        for sesion in futuras:
            _invitar(sesion, [integrante])
            _encolar_invitaciones(sesion)
        nuevos += 1
    return nuevos


def al_activar_membresia(membresia: Membresia) -> None:
    if membresia.rol == Rol.AUTORIDAD_COMUNAL and membresia.institucion.comuna_id:
        autoridades_integrar(comuna_id=membresia.institucion.comuna_id)
