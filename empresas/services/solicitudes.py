"""Writes of companies' requests for a joint visit (the public form, issue 18)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from empresas import permissions
from empresas.models import Empresa, SolicitudVisita, TipoNecesidad, VisitaEmpresa
from empresas.services.empresas import empresa_crear
from empresas.services.visitas import visita_planificar
from nucleo.bandeja import tarea_registrar
from nucleo.models import Institucion, Usuario
from nucleo.servicios import exigir

CAMPOS_SOLICITUD = [
    "rut",
    "razon_social",
    "rubro",
    "tamano",
    "comuna",
    "necesidades",
    "detalle",
    "contacto_nombre",
    "contacto_cargo",
    "contacto_email",
    "contacto_telefono",
]


@transaction.atomic
def solicitud_recibir(*, datos: dict, ip: str | None) -> SolicitudVisita:
    """A request from the public form (nobody signed in): saved pending; through the outbox the
    company is sent a confirmation and the region's ejecutivos an alert."""
    from empresas.tasks import avisar_solicitud_nueva, enviar_solicitud_recibida

    solicitud = SolicitudVisita(**{c: datos[c] for c in CAMPOS_SOLICITUD if c in datos}, ip=ip)
    solicitud.full_clean()
    solicitud.save()
    tarea_registrar(enviar_solicitud_recibida, solicitud.pk)
    tarea_registrar(avisar_solicitud_nueva, solicitud.pk)
    return solicitud


def _bloquear_pendiente(solicitud: SolicitudVisita) -> SolicitudVisita:
    guardada = SolicitudVisita.objects.select_for_update().get(pk=solicitud.pk)
    if guardada.estado != SolicitudVisita.Estado.PENDIENTE:
        raise ValidationError(
            f"Esta solicitud ya fue atendida ({guardada.get_estado_display().lower()})."
        )
    return guardada


def _empresa_de(solicitud: SolicitudVisita, por: Usuario) -> Empresa:
    """The network's company with the request's RUT, or a new one with its contact and needs."""
    existente = Empresa.objects.filter(rut=solicitud.rut).select_related("comuna").first()
    if existente is not None:
        exigir(
            permissions.puede_editar_empresa(por, existente),
            "La empresa con ese RUT está registrada en otra región.",
        )
        return existente
    contacto = {
        "nombre": solicitud.contacto_nombre,
        "cargo": solicitud.contacto_cargo,
        "email": solicitud.contacto_email,
        "telefono": solicitud.contacto_telefono,
    }
    necesidades = [
        {
            "tipo": tipo,
            # A vacancy needs its occupation; the request may not say it yet.
            "ocupacion": "Por precisar en la visita" if tipo == TipoNecesidad.VACANTES else "",
            "detalle": solicitud.detalle[:300],
        }
        for tipo in solicitud.necesidades
    ]
    return empresa_crear(
        datos={
            "rut": solicitud.rut,
            "razon_social": solicitud.razon_social,
            "rubro": solicitud.rubro,
            "tamano": solicitud.tamano,
            "comuna": solicitud.comuna,
            "email": solicitud.contacto_email,
            "telefono": solicitud.contacto_telefono,
            "observaciones": "Registrada desde una solicitud de visita del sitio público.",
        },
        contactos=[contacto],
        necesidades=necesidades,
        por=por,
    )


@transaction.atomic
def solicitud_aceptar(
    *,
    solicitud: SolicitudVisita,
    inicio: datetime,
    objetivo: str,
    participantes: Iterable[Usuario],
    instituciones: Iterable[Institucion],
    duracion_minutos: int = 90,
    motivos: dict[int, str] | None = None,
    por: Usuario,
) -> VisitaEmpresa:
    """In one step: creates (or links) the company and plans the visit; the company is told
    the visit's date by e-mail."""
    from empresas.tasks import enviar_solicitud_aceptada

    exigir(
        permissions.puede_atender_solicitud(por, solicitud),
        "No puedes atender solicitudes de esta región.",
    )
    solicitud = _bloquear_pendiente(solicitud)
    empresa = _empresa_de(solicitud, por)
    visita = visita_planificar(
        empresa=empresa,
        inicio=inicio,
        objetivo=objetivo,
        participantes=participantes,
        instituciones=instituciones,
        duracion_minutos=duracion_minutos,
        motivos=motivos,
        por=por,
    )
    solicitud.estado = SolicitudVisita.Estado.ACEPTADA
    solicitud.empresa = empresa
    solicitud.visita = visita
    solicitud.atendida_por = por
    solicitud.atendida_at = timezone.now()
    solicitud.save()
    tarea_registrar(enviar_solicitud_aceptada, solicitud.pk)
    return visita


@transaction.atomic
def solicitud_descartar(*, solicitud: SolicitudVisita, motivo: str, por: Usuario):
    exigir(
        permissions.puede_atender_solicitud(por, solicitud),
        "No puedes atender solicitudes de esta región.",
    )
    if not motivo.strip():
        raise ValidationError({"motivo": "Indica por qué se descarta la solicitud."})
    solicitud = _bloquear_pendiente(solicitud)
    solicitud.estado = SolicitudVisita.Estado.DESCARTADA
    solicitud.motivo_descarte = motivo.strip()
    solicitud.atendida_por = por
    solicitud.atendida_at = timezone.now()
    solicitud.save()
    return solicitud
