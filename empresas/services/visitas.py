"""Writes of joint company visits, their invitations (rounds) and agreements."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from empresas import permissions, selectors
from empresas.models import (
    AcuerdoVisita,
    Empresa,
    InvitacionVisita,
    VisitaEmpresa,
)
from nucleo import calendario, firmas, formato
from nucleo.bandeja import tarea_registrar
from nucleo.models import Institucion, Usuario
from nucleo.servicios import actualizar_modelo, exigir

PROPOSITO_INVITACION = "empresas.invitacion"


VIGENCIA_ENLACE = 60 * 60 * 24 * 45  # 45 days: a visit is rarely planned further ahead


def _visita_del_dia(
    empresa: Empresa, inicio: datetime, excluir: int | None
) -> VisitaEmpresa | None:
    """The company's visit (not suspended) on the same local day, if any. The company's row is
    locked first, so that two plans of the same day cannot both pass."""
    Empresa.objects.select_for_update().filter(pk=empresa.pk).exists()
    zona = empresa.comuna.zona_horaria
    dia = calendario.hora_local(inicio, zona).date()
    desde = calendario.en_zona(dia, time(0), zona)
    return (
        VisitaEmpresa.objects.filter(
            empresa=empresa, inicio__gte=desde, inicio__lt=desde + timedelta(days=1)
        )
        .exclude(estado=VisitaEmpresa.Estado.SUSPENDIDA)
        .exclude(pk=excluir or 0)
        .first()
    )


def feriado_de_visita(empresa: Empresa, inicio: datetime) -> str:
    """The holiday (national or of the company's region) on the visit's local day, or ""."""
    dia = calendario.hora_local(inicio, empresa.comuna.zona_horaria).date()
    return calendario.feriado(dia, empresa.comuna.region_id)


def _validar_visita(
    *,
    empresa: Empresa,
    inicio: datetime,
    participantes,
    instituciones,
    nueva_fecha: bool,
    excluir: int | None = None,
) -> None:
    errores: dict[str, list[str]] = {}
    if inicio is None or timezone.is_naive(inicio):
        errores["inicio"] = ["Indica la fecha y la hora de la visita."]
    elif nueva_fecha and inicio <= timezone.now():
        errores["inicio"] = [
            "La fecha y hora ya pasaron: una visita se planifica para una fecha futura."
        ]
    elif nueva_fecha and (otra := _visita_del_dia(empresa, inicio, excluir)):
        hora = calendario.hora_local(otra.inicio, empresa.comuna.zona_horaria)
        errores["inicio"] = [
            f"{empresa} ya tiene una visita el {formato.fecha(hora.date())} "
            f"a las {formato.hora(hora.time())}: "
            "no se planifican dos visitas a la misma empresa el mismo día."
        ]
    permitidos = set(selectors.equipo_para_visita(empresa).values_list("pk", flat=True))
    if not participantes:
        errores["participantes"] = ["Indica al menos una persona de SENCE o de la OMIL que irá."]
    elif any(p.pk not in permitidos for p in participantes):
        errores["participantes"] = [
            "Solo pueden ir personas de SENCE de la región o de la OMIL de la comuna."
        ]
    invitables = set(
        selectors.instituciones_invitables(empresa.comuna.region_id).values_list("pk", flat=True)
    )
    if any(i.pk not in invitables for i in instituciones):
        errores["instituciones"] = ["Solo se invitan oficinas de servicios de la misma región."]
    if errores:
        raise ValidationError(errores)


def _notificar(invitaciones: Iterable[InvitacionVisita]) -> None:
    from empresas.tasks import enviar_invitacion

    for invitacion in invitaciones:
        tarea_registrar(enviar_invitacion, invitacion.pk)


@transaction.atomic
def visita_planificar(
    *,
    empresa: Empresa,
    inicio: datetime,
    objetivo: str,
    participantes: Iterable[Usuario],
    instituciones: Iterable[Institucion],
    duracion_minutos: int = 90,
    motivos: dict[int, str] | None = None,
    por: Usuario,
) -> VisitaEmpresa:
    exigir(
        permissions.puede_editar_empresa(por, empresa),
        "No puedes planificar visitas a esta empresa.",
    )
    participantes, instituciones = list(participantes), list(instituciones)
    _validar_visita(
        empresa=empresa,
        inicio=inicio,
        participantes=participantes,
        instituciones=instituciones,
        nueva_fecha=True,
    )
    visita = VisitaEmpresa(
        empresa=empresa,
        inicio=inicio,
        duracion_minutos=duracion_minutos,
        objetivo=objetivo,
        planificada_por=por,
    )
    visita.full_clean()
    visita._history_user = por
    visita.save()
    visita.participantes.set(participantes)
    motivos = motivos or {}
    invitaciones = [
        InvitacionVisita.objects.create(
            visita=visita, institucion=institucion, motivo=motivos.get(institucion.pk, "")
        )
        for institucion in instituciones
    ]
    _notificar(invitaciones)
    return visita


@transaction.atomic
def visita_actualizar(
    *,
    visita: VisitaEmpresa,
    version: int,
    inicio: datetime,
    objetivo: str,
    participantes: Iterable[Usuario],
    instituciones: Iterable[Institucion],
    duracion_minutos: int = 90,
    por: Usuario,
) -> VisitaEmpresa:
    """Changes a planned visit. A new date or time asks every invited service again."""
    exigir(permissions.puede_gestionar_visita(por, visita))
    if visita.estado != VisitaEmpresa.Estado.PLANIFICADA:
        raise ValidationError("Solo se modifica una visita planificada.")
    participantes, instituciones = list(participantes), list(instituciones)
    nueva_fecha = inicio != visita.inicio
    _validar_visita(
        empresa=visita.empresa,
        inicio=inicio,
        participantes=participantes,
        instituciones=instituciones,
        nueva_fecha=nueva_fecha,
        excluir=visita.pk,
    )
    datos = {"inicio": inicio, "objetivo": objetivo, "duracion_minutos": duracion_minutos}
    if nueva_fecha:
        datos["ronda"] = visita.ronda + 1
    # New people or services are part of the edit: one version and one record for the form.
    relaciones = set(visita.participantes.all()) != set(participantes) or set(
        visita.invitaciones.values_list("institucion_id", flat=True)
    ) != {i.pk for i in instituciones}
    actualizar_modelo(
        instancia=visita, datos=datos, version=version, por=por, guardar_siempre=relaciones
    )
    visita.participantes.set(participantes)

    actuales = {i.institucion_id: i for i in visita.invitaciones.all()}
    elegidas = {i.pk for i in instituciones}
    visita.invitaciones.exclude(institucion_id__in=elegidas).delete()
    nuevas = [
        InvitacionVisita.objects.create(visita=visita, institucion=institucion)
        for institucion in instituciones
        if institucion.pk not in actuales
    ]
    a_notificar = list(nuevas)
    if nueva_fecha:
        # Each service is asked again; saved one by one so the history says who reopened it.
        mantenidas = list(
            visita.invitaciones.filter(institucion_id__in=set(actuales) & elegidas)
            .order_by("pk")
            .select_for_update()
        )
        for invitacion in mantenidas:
            invitacion.estado = InvitacionVisita.Estado.PENDIENTE
            invitacion.respondido_por = None
            invitacion.respondido_at = None
            invitacion.respondido_por_enlace = False
            invitacion.recordada_at = None
            invitacion._history_user = por
            invitacion.save()
        a_notificar += mantenidas
    _notificar(a_notificar)
    return visita


@transaction.atomic
def visita_suspender(*, visita: VisitaEmpresa, motivo: str, por: Usuario) -> VisitaEmpresa:
    exigir(permissions.puede_gestionar_visita(por, visita))
    if visita.estado != VisitaEmpresa.Estado.PLANIFICADA:
        raise ValidationError("Solo se suspende una visita planificada.")
    if not motivo.strip():
        raise ValidationError({"motivo": "Indica el motivo de la suspensión."})
    datos = {"estado": VisitaEmpresa.Estado.SUSPENDIDA, "motivo_suspension": motivo.strip()}
    actualizar_modelo(instancia=visita, datos=datos, por=por)
    from empresas.tasks import avisar_suspension

    ids = list(visita.invitaciones.values_list("pk", flat=True))
    for pk in ids:
        tarea_registrar(avisar_suspension, pk)
    return visita


@transaction.atomic
def visita_registrar_resultado(
    *,
    visita: VisitaEmpresa,
    version: int,
    vacantes_ofrecidas: int | None,
    personas_derivadas: int | None,
    capacitaciones_acordadas: str,
    resultado: str,
    acuerdos: Iterable[dict],
    por: Usuario,
) -> VisitaEmpresa:
    """Records what came out of a visit that took place; its agreements replace earlier ones."""
    exigir(permissions.puede_gestionar_visita(por, visita))
    if visita.estado == VisitaEmpresa.Estado.SUSPENDIDA:
        raise ValidationError("La visita fue suspendida: no tiene resultado.")
    if visita.inicio > timezone.now():
        raise ValidationError("La visita aún no ocurre: registra el resultado después de ella.")
    datos = {
        "estado": VisitaEmpresa.Estado.REALIZADA,
        "vacantes_ofrecidas": vacantes_ofrecidas,
        "personas_derivadas": personas_derivadas,
        "capacitaciones_acordadas": capacitaciones_acordadas,
        "resultado": resultado,
    }
    # The agreements below are part of the result: one version and one record for the form.
    actualizar_modelo(instancia=visita, datos=datos, version=version, por=por, guardar_siempre=True)
    permitidas = set(
        selectors.instituciones_de_acuerdo(
            visita.empresa.comuna.region_id, visita.empresa.comuna_id
        ).values_list("pk", flat=True)
    )
    visita.acuerdos.all().delete()
    for datos in acuerdos:
        acuerdo = AcuerdoVisita(visita=visita, **datos)
        if acuerdo.institucion_id not in permitidas:
            raise ValidationError("El responsable de un acuerdo debe ser una institución local.")
        acuerdo.full_clean()
        acuerdo.save()
    return visita


@transaction.atomic
def acuerdo_cambiar_estado(*, acuerdo: AcuerdoVisita, cumplido: bool, por: Usuario):
    exigir(permissions.puede_actualizar_acuerdo(por, acuerdo))
    datos = {
        "estado": AcuerdoVisita.Estado.CUMPLIDO if cumplido else AcuerdoVisita.Estado.PENDIENTE,
        "cumplido_at": timezone.now() if cumplido else None,
    }
    actualizar_modelo(instancia=acuerdo, datos=datos, por=por)
    return acuerdo


def invitacion_token(invitacion: InvitacionVisita, estado: str) -> str:
    return firmas.firmar(
        PROPOSITO_INVITACION, {"i": invitacion.pk, "r": invitacion.visita.ronda, "e": estado}
    )


def invitacion_enlaces(invitacion: InvitacionVisita) -> dict[str, str]:
    from django.conf import settings

    return {
        estado: settings.SITE_URL
        + reverse(
            "empresas:invitacion_enlace", args=[invitacion.pk, invitacion_token(invitacion, estado)]
        )
        for estado in (InvitacionVisita.Estado.CONFIRMADA, InvitacionVisita.Estado.RECHAZADA)
    }


def invitacion_desde_enlace(*, pk: int, token: str) -> tuple[InvitacionVisita, str]:
    """The invitation and answer a signed link carries; EnlaceInvalido with a Spanish message."""
    datos = firmas.verificar(PROPOSITO_INVITACION, token, max_age_segundos=VIGENCIA_ENLACE)
    if datos.get("i") != pk or datos.get("e") not in {
        InvitacionVisita.Estado.CONFIRMADA,
        InvitacionVisita.Estado.RECHAZADA,
    }:
        raise firmas.EnlaceInvalido(firmas.MENSAJE_INVALIDO)
    invitacion = (
        InvitacionVisita.objects.select_related(
            "visita__empresa__comuna", "institucion__servicio", "respondido_por"
        )
        .filter(pk=pk)
        .first()
    )
    if invitacion is None:
        raise firmas.EnlaceInvalido(
            "Esta invitación ya no existe: el servicio fue quitado de la visita."
        )
    if datos.get("r") != invitacion.visita.ronda:
        raise firmas.EnlaceInvalido(
            "La visita cambió de fecha después de este correo. Usa el enlace del correo más "
            "reciente o responde desde la aplicación."
        )
    return invitacion, datos["e"]


@transaction.atomic
def invitacion_responder(
    *,
    invitacion: InvitacionVisita,
    estado: str,
    por: Usuario | None,
    por_enlace: bool = False,
) -> InvitacionVisita:
    if estado not in {InvitacionVisita.Estado.CONFIRMADA, InvitacionVisita.Estado.RECHAZADA}:
        raise ValidationError("Respuesta no válida: elige confirmar o no asistir.")
    invitacion = InvitacionVisita.objects.select_for_update().get(pk=invitacion.pk)
    if not por_enlace:  # a signed e-mail link carries its own authority
        exigir(permissions.puede_responder_invitacion(por, invitacion))
    visita = invitacion.visita
    if visita.estado != VisitaEmpresa.Estado.PLANIFICADA:
        raise ValidationError(
            f"La visita está {visita.get_estado_display().lower()}: ya no se puede responder."
        )
    if visita.inicio <= timezone.now():
        raise ValidationError("La visita ya ocurrió: ya no se puede responder.")
    invitacion.estado = estado
    invitacion.respondido_por = por if por and por.is_authenticated else None
    invitacion.respondido_at = timezone.now()
    invitacion.respondido_por_enlace = por_enlace
    invitacion.full_clean()
    invitacion.save()
    return invitacion


@transaction.atomic
def invitaciones_recordar(*, ahora: datetime | None = None, horas: int = 48) -> int:
    """Reminds, once, the services that have not answered a visit starting within `horas`."""
    from empresas.tasks import enviar_invitacion

    ahora = ahora or timezone.now()
    pendientes = list(
        InvitacionVisita.objects.select_for_update(skip_locked=True)
        .filter(
            estado=InvitacionVisita.Estado.PENDIENTE,
            recordada_at__isnull=True,
            visita__estado=VisitaEmpresa.Estado.PLANIFICADA,
            visita__inicio__gt=ahora,
            visita__inicio__lte=ahora + timedelta(hours=horas),
        )
        .values_list("pk", flat=True)
    )
    InvitacionVisita.objects.filter(pk__in=pendientes).update(recordada_at=ahora)
    for pk in pendientes:
        tarea_registrar(enviar_invitacion, pk, recordatorio=True)
    return len(pendientes)
