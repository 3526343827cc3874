"""The communal authority (alcalde/sa or delegate) sits on their comuna's mesa as a permanent
guest, and is invited to its sessions. Called when their role starts or ends (nucleo's hook,
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


@transaction.atomic
def autoridad_retirar(*, usuario, comuna_id: str) -> int:
    """Who is no longer the comuna's authority stops being a guest of its mesa (their past
    attendance stays). Returns how many memberships of the mesa ended."""
    if Membresia.objects.filter(
        usuario=usuario,
        rol=Rol.AUTORIDAD_COMUNAL,
        activa=True,
        institucion__tipo=Institucion.Tipo.OMIL,
        institucion__comuna_id=comuna_id,
    ).exists():
        return 0
    integrantes = list(
        Integrante.objects.filter(
            mesa__tipo=Mesa.Tipo.COMUNAL,
            mesa__comuna_id=comuna_id,
            persona=usuario,
            rol=Integrante.Rol.INVITADO,
            activo=True,
        )
    )
    for integrante in integrantes:
        integrante.activo = False
        integrante.save(update_fields=["activo"])  # in the mesa's member history
    return len(integrantes)


def al_cambiar_membresia(membresia: Membresia) -> None:
    comuna_id = membresia.institucion.comuna_id
    if not comuna_id:
        return
    if membresia.rol != Rol.AUTORIDAD_COMUNAL:
        return
    if membresia.activa:
        autoridades_integrar(comuna_id=comuna_id)
    else:
        autoridad_retirar(usuario=membresia.usuario, comuna_id=comuna_id)
