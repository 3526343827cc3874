"""Invitations and attendance: who is invited, signed answer links, the e-mails sent."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from mesas import permissions, reglas
from mesas.models import (
    Asistencia,
    Minuta,
    Sesion,
)
from nucleo import calendario, correo, firmas, formato
from nucleo.bandeja import tarea_registrar
from nucleo.models import Usuario
from nucleo.servicios import actualizar_modelo, exigir

# Invitations go out this many days before each session (a series does not flood inboxes).
DIAS_INVITACION = 30


PROPOSITO_INVITACION = "mesas.asistencia"


# Signed links also expire with the session start; this is the outer bound of the signature.
VIGENCIA_MAXIMA_ENLACE = 400 * 24 * 3600


def _invitar(sesion: Sesion, integrantes) -> list[Asistencia]:
    """One Asistencia per member person, or per member institution without named people."""
    con_persona = {i.institucion_id for i in integrantes if i.persona_id}
    existentes = set(sesion.asistencias.values_list("institucion_id", "persona_id"))
    nuevas = []
    for i in integrantes:
        if i.persona_id is None and i.institucion_id in con_persona:
            continue
        if (i.institucion_id, i.persona_id) in existentes:
            continue
        email = (i.persona.email if i.persona_id else "") or i.institucion.email
        nuevas.append(
            Asistencia(sesion=sesion, institucion=i.institucion, persona=i.persona, email=email)
        )
        existentes.add((i.institucion_id, i.persona_id))
    return Asistencia.objects.bulk_create(nuevas)


def _encolar_invitaciones(sesion: Sesion) -> None:
    if sesion.inicio <= timezone.now() + timedelta(days=DIAS_INVITACION):
        from mesas import tasks

        tarea_registrar(tasks.enviar_invitaciones, sesion.pk)


@transaction.atomic
def asistencia_responder(
    *,
    asistencia: Asistencia,
    respuesta: str,
    por: Usuario | None,
    via: str = "app",
    motivo: str = "",
    reemplazante: Usuario | None = None,
) -> Asistencia:
    """An invitee confirms or declines. Only before the session starts. An answer through the
    app is checked against `por`; one through the e-mail's signed link (`via="correo"`, `por`
    None) carries its own authority: the signature."""
    if via == "app":
        exigir(permissions.puede_responder(por, asistencia))
    if respuesta not in Asistencia.RESPUESTAS:
        raise ValidationError("Respuesta desconocida.")
    sesion = asistencia.sesion
    if sesion.estado != Sesion.Estado.PROGRAMADA:
        raise ValidationError(f"La sesión está {sesion.get_estado_display().lower()}.")
    if sesion.inicio <= timezone.now():
        raise ValidationError("La sesión ya comenzó; ya no se puede responder la invitación.")
    # The row is locked: many simultaneous answers (a double click, a mail scanner, several
    # tabs) through one link record one answer and one history row.
    Asistencia.objects.select_for_update().filter(pk=asistencia.pk).exists()
    asistencia.refresh_from_db(
        fields=["estado", "respuesta", "motivo_rechazo", "reemplazante", "respondida_at"]
    )
    motivo = (motivo or "").strip()[:300]
    if respuesta != Asistencia.Estado.RECHAZADA:
        motivo, reemplazante = "", None
    if reemplazante is not None:
        if reemplazante.pk == asistencia.persona_id:
            raise ValidationError(
                {"reemplazante": "Quien asiste en su lugar debe ser otra persona."}
            )
        if not reemplazante.membresias.filter(
            institucion_id=asistencia.institucion_id, activa=True
        ).exists():
            raise ValidationError(
                {"reemplazante": f"Quien asiste en su lugar debe ser de {asistencia.institucion}."}
            )
    nuevo = (respuesta, motivo, reemplazante.pk if reemplazante else None)
    if (asistencia.estado, asistencia.motivo_rechazo, asistencia.reemplazante_id) == nuevo:
        return asistencia  # the same answer again: nothing new to record
    asistencia.estado = respuesta
    asistencia.respuesta = respuesta
    asistencia.motivo_rechazo = motivo
    asistencia.reemplazante = reemplazante
    asistencia.respondida_at = timezone.now()
    asistencia.respondida_por = por if por is not None and por.is_authenticated else None
    asistencia.respondida_via = via
    asistencia.save()
    return asistencia


@transaction.atomic
def asistencia_registrar(*, sesion: Sesion, estados: dict[int, str], por: Usuario | None) -> Sesion:
    """The coordinator records, after the session started, who attended. Marks it held."""
    exigir(permissions.puede_gestionar_mesa(por, sesion.mesa))
    if sesion.estado == Sesion.Estado.SUSPENDIDA:
        raise ValidationError("La sesión fue suspendida; no tiene asistencia.")
    if sesion.inicio > timezone.now():
        raise ValidationError("La asistencia se registra una vez comenzada la sesión.")
    filas = {a.pk: a for a in sesion.asistencias.all()}
    if set(estados) - set(filas):
        raise ValidationError("Hay filas de asistencia que no son de esta sesión.")
    if any(e not in Asistencia.REGISTROS for e in estados.values()):
        raise ValidationError("Cada persona debe quedar como asistió, ausente o justificada.")
    ahora = timezone.now()
    for pk, estado in estados.items():
        a = filas[pk]
        if a.estado != estado or a.registrada_at is None:
            a.estado = estado
            a.registrada_at = ahora
            a.registrada_por = por
            a.save()
    actualizar_modelo(
        instancia=sesion, campos=["estado"], datos={"estado": Sesion.Estado.REALIZADA}, por=por
    )
    return sesion


def enlace_respuesta(asistencia: Asistencia, respuesta: str) -> str:
    # "n": the session's round; a new date, place or link kills the links of earlier rounds.
    token = firmas.firmar(
        PROPOSITO_INVITACION, {"a": asistencia.pk, "r": respuesta, "n": asistencia.sesion.ronda}
    )
    return reverse("mesas:invitacion", args=[token])


def leer_enlace(token: str) -> tuple[Asistencia, str]:
    """The attendance row and answer of a signed link; EnlaceInvalido if tampered or expired."""
    datos = firmas.verificar(PROPOSITO_INVITACION, token, max_age_segundos=VIGENCIA_MAXIMA_ENLACE)
    respuesta = datos.get("r")
    asistencia = (
        Asistencia.objects.select_related("sesion", "sesion__mesa", "institucion", "persona")
        .filter(pk=datos.get("a"))
        .first()
    )
    if asistencia is None or respuesta not in Asistencia.RESPUESTAS:
        raise firmas.EnlaceInvalido(firmas.MENSAJE_INVALIDO)
    integrante = asistencia.sesion.mesa.integrantes.filter(institucion_id=asistencia.institucion_id)
    if integrante.exists() and not integrante.filter(activo=True).exists():
        # Removed from the mesa (integrante_quitar leaves the row inactive).
        raise firmas.EnlaceInvalido(
            f"{asistencia.institucion} ya no integra la {asistencia.sesion.mesa}: esta "
            "invitación dejó de valer."
        )
    if datos.get("n", 1) != asistencia.sesion.ronda:
        raise firmas.EnlaceInvalido(
            "La sesión cambió de fecha, lugar o enlace después de este correo, y la respuesta "
            "anterior quedó sin efecto. Use el enlace del correo más reciente o responda desde "
            "la aplicación."
        )
    if asistencia.sesion.inicio <= timezone.now():
        raise firmas.EnlaceInvalido(
            "El enlace expiró: la sesión ya comenzó. Si necesita informar algo, escriba a la "
            "coordinación de la mesa."
        )
    return asistencia, respuesta


def _contexto_correo(asistencia: Asistencia) -> dict:
    from django.conf import settings

    sesion = asistencia.sesion
    return {
        "sesion": sesion,
        "mesa": sesion.mesa,
        "asistencia": asistencia,
        "inicio": calendario.hora_local(sesion.inicio, reglas.zona_de_mesa(sesion.mesa)),
        "fin": calendario.hora_local(sesion.fin, reglas.zona_de_mesa(sesion.mesa)),
        **_zona_del_correo(sesion),
        "puntos": list(sesion.puntos.all()),
        "url_sesion": f"{settings.SITE_URL}{sesion.get_absolute_url()}",
        "url_confirmar": f"{settings.SITE_URL}{enlace_respuesta(asistencia, 'confirmada')}",
        "url_rechazar": f"{settings.SITE_URL}{enlace_respuesta(asistencia, 'rechazada')}",
    }


def _zona_del_correo(sesion: Sesion) -> dict:
    """E-mail templates render inside {% timezone zona %}: the time of the place, and the
    continental time too when it differs ("12:00 en Santiago")."""
    zona = reglas.zona_de_mesa(sesion.mesa)
    en_dos = calendario.hora_con_zona(sesion.inicio, zona)
    return {
        "zona": zona,
        "nombre_zona": calendario.nombre_zona(zona),
        "otra_hora": en_dos.split(" · ", 1)[1] if " · " in en_dos else "",
        "feriado": calendario.feriado(
            calendario.hora_local(sesion.inicio, zona).date(), sesion.mesa.region_id
        ),
    }


def _asunto(sesion: Sesion, prefijo: str) -> str:
    zona = reglas.zona_de_mesa(sesion.mesa)
    inicio = calendario.hora_local(sesion.inicio, zona)
    hora = f"{inicio:%H:%M}"
    if zona != reglas.ZONA_POR_DEFECTO:
        hora += f" hora de {calendario.nombre_zona(zona)}"
    return f"{prefijo}: {sesion.mesa.nombre}, {formato.fecha(inicio.date())} {hora}"


def invitaciones_enviar(*, sesion: Sesion) -> int:
    """Sends each not-yet-invited invitee their invitation with an .ics (METHOD:REQUEST)."""
    from mesas.ics import ics_sesion

    if sesion.estado != Sesion.Estado.PROGRAMADA or sesion.inicio <= timezone.now():
        return 0
    n = 0
    for a in sesion.asistencias.filter(invitacion_enviada_at__isnull=True).exclude(email=""):
        correo.enviar(
            plantilla="mesas_invitacion",
            asunto=_asunto(sesion, "Invitación"),
            para=[a.email],
            contexto=_contexto_correo(a),
            adjuntos=[
                (
                    "invitacion.ics",
                    ics_sesion(sesion, method="REQUEST", para=a.email),
                    "text/calendar; method=REQUEST",
                )
            ],
        )
        Asistencia.objects.filter(pk=a.pk).update(invitacion_enviada_at=timezone.now())
        n += 1
    return n


def actualizacion_enviar(*, sesion: Sesion) -> int:
    """Tells the already invited that the session moved, changed place or was suspended."""
    from mesas.ics import ics_sesion

    suspendida = sesion.estado == Sesion.Estado.SUSPENDIDA
    method = "CANCEL" if suspendida else "REQUEST"
    n = 0
    for a in sesion.asistencias.filter(invitacion_enviada_at__isnull=False).exclude(email=""):
        correo.enviar(
            plantilla="mesas_suspension" if suspendida else "mesas_cambio",
            asunto=_asunto(sesion, "Sesión suspendida" if suspendida else "Cambio de sesión"),
            para=[a.email],
            contexto=_contexto_correo(a),
            adjuntos=[
                (
                    "sesion.ics",
                    ics_sesion(sesion, method=method, para=a.email),
                    f"text/calendar; method={method}",
                )
            ],
        )
        n += 1
    return n


def recordatorio_enviar(*, asistencia: Asistencia) -> bool:
    """The 48-hour reminder to an invitee who has not answered; sent once (recorded)."""
    marcadas = Asistencia.objects.filter(
        pk=asistencia.pk, recordatorio_enviado_at__isnull=True, estado=Asistencia.Estado.INVITADA
    ).update(recordatorio_enviado_at=timezone.now())
    if not marcadas:
        return False
    correo.enviar(
        plantilla="mesas_recordatorio",
        asunto=_asunto(asistencia.sesion, "Recordatorio"),
        para=[asistencia.email],
        contexto=_contexto_correo(asistencia),
    )
    return True


def recordatorio_minuta_enviar(*, sesion: Sesion) -> int:
    """Three days after a held session with no minute, its coordinators are reminded once."""
    from django.conf import settings

    from mesas.selectors import coordinadores_de

    marcadas = (
        Sesion.objects.filter(pk=sesion.pk, recordatorio_minuta_at__isnull=True)
        .exclude(Exists(Minuta.objects.filter(sesion=OuterRef("pk"))))
        .update(recordatorio_minuta_at=timezone.now())
    )
    if not marcadas:
        return 0
    para = [u.email for u in coordinadores_de(sesion.mesa)] or [sesion.mesa.coordinadora.email]
    return correo.enviar(
        plantilla="mesas_minuta_pendiente",
        asunto=_asunto(sesion, "Minuta pendiente"),
        para=para,
        contexto={
            "sesion": sesion,
            "mesa": sesion.mesa,
            "inicio": calendario.hora_local(sesion.inicio, reglas.zona_de_mesa(sesion.mesa)),
            **_zona_del_correo(sesion),
            "url_minuta": f"{settings.SITE_URL}{reverse('mesas:minuta_create', args=[sesion.pk])}",
        },
    )
