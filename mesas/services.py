"""Every write of the mesas app. Keyword-only, validated, atomic; e-mail goes through tasks."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone

from mesas import reglas
from mesas.models import (
    Acuerdo,
    Asistencia,
    Integrante,
    Mesa,
    Minuta,
    PuntoTabla,
    Serie,
    Sesion,
    TipoSesion,
)
from nucleo import correo, firmas
from nucleo.archivos import DOCUMENTOS, TAMANO_MAXIMO, validar_archivo
from nucleo.concurrencia import guardar_con_version
from nucleo.models import Comuna, Institucion, Programa, Region, Usuario

# Invitations go out this many days before each session (a series does not flood inboxes).
DIAS_INVITACION = 30
PROPOSITO_INVITACION = "mesas.asistencia"
# Signed links also expire with the session start; this is the outer bound of the signature.
VIGENCIA_MAXIMA_ENLACE = 400 * 24 * 3600


# --- Mesas ----------------------------------------------------------------------------------------
def nombre_de_mesa(tipo: str, region: Region, comuna: Comuna | None) -> str:
    if tipo == Mesa.Tipo.REGIONAL:
        return f"Mesa Intersectorial Regional de {region.nombre_corto}"
    return f"Mesa Intersectorial Comunal de {comuna.nombre}"


@transaction.atomic
def mesa_crear(
    *,
    tipo: str,
    region: Region,
    comuna: Comuna | None,
    coordinadora: Institucion,
    poblaciones: list[str],
    objetivo: str = "",
    fecha_inicio: date,
    integrantes: list[Institucion] = (),
    por: Usuario | None,
) -> Mesa:
    if tipo == Mesa.Tipo.REGIONAL and Mesa.objects.filter(tipo=tipo, region=region).exists():
        raise ValidationError("Esta región ya tiene su mesa regional.")
    if tipo == Mesa.Tipo.COMUNAL and Mesa.objects.filter(tipo=tipo, comuna=comuna).exists():
        raise ValidationError(f"La comuna de {comuna} ya tiene su mesa comunal.")
    mesa = Mesa(
        tipo=tipo,
        nombre=nombre_de_mesa(tipo, region, comuna),
        region=region,
        comuna=comuna,
        coordinadora=coordinadora,
        poblaciones=list(poblaciones),
        objetivo=objetivo,
        fecha_inicio=fecha_inicio,
    )
    mesa.full_clean()
    mesa.save()
    integrante_agregar(
        mesa=mesa, institucion=coordinadora, persona=None, rol=Integrante.Rol.COORDINACION, por=por
    )
    for institucion in integrantes:
        if institucion.pk != coordinadora.pk:
            integrante_agregar(mesa=mesa, institucion=institucion, persona=None, por=por)
    return mesa


@transaction.atomic
def mesa_actualizar(
    *,
    mesa: Mesa,
    poblaciones: list[str],
    objetivo: str,
    fecha_inicio: date,
    activa: bool,
    por: Usuario | None,
) -> Mesa:
    mesa.poblaciones = list(poblaciones)
    mesa.objetivo = objetivo
    mesa.fecha_inicio = fecha_inicio
    mesa.activa = activa
    mesa.full_clean()
    mesa.save()
    return mesa


@transaction.atomic
def integrante_agregar(
    *,
    mesa: Mesa,
    institucion: Institucion,
    persona: Usuario | None,
    rol: str = Integrante.Rol.TITULAR,
    por: Usuario | None,
) -> Integrante:
    existente = Integrante.objects.filter(
        mesa=mesa, institucion=institucion, persona=persona
    ).first()
    if existente and existente.activo:
        raise ValidationError(f"{existente.persona or institucion} ya integra esta mesa.")
    integrante = existente or Integrante(mesa=mesa, institucion=institucion, persona=persona)
    integrante.rol = rol
    integrante.activo = True
    integrante.desde = timezone.localdate()
    integrante.full_clean()
    integrante.save()
    # Future sessions that are already scheduled invite the new member too.
    for sesion in mesa.sesiones.filter(estado=Sesion.Estado.PROGRAMADA, inicio__gt=timezone.now()):
        _invitar(sesion, [integrante])
        _encolar_invitaciones(sesion)
    return integrante


@transaction.atomic
def integrante_quitar(*, integrante: Integrante, por: Usuario | None) -> Integrante:
    if integrante.rol == Integrante.Rol.COORDINACION and integrante.persona_id is None:
        raise ValidationError("No se puede quitar a la institución coordinadora de la mesa.")
    integrante.activo = False
    integrante.save(update_fields=["activo"])
    return integrante


# --- Sessions -------------------------------------------------------------------------------------
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

        transaction.on_commit(lambda: tasks.enviar_invitaciones.delay(sesion.pk))


def _integrantes_activos(mesa: Mesa):
    return list(mesa.integrantes.filter(activo=True).select_related("institucion", "persona"))


def _agregar_puntos(sesion: Sesion, puntos: list[str]) -> None:
    PuntoTabla.objects.bulk_create(
        PuntoTabla(sesion=sesion, orden=i, titulo=t.strip()[:200])
        for i, t in enumerate(puntos, start=1)
        if t.strip()
    )


@transaction.atomic
def sesion_programar(
    *,
    mesa: Mesa,
    tipo: str = TipoSesion.ORDINARIA,
    inicio: datetime,
    fin: datetime | None = None,
    duracion_minutos: int = 120,
    titulo: str = "",
    lugar: str = "",
    enlace_video: str = "",
    puntos: list[str] = (),
    serie: Serie | None = None,
    por: Usuario | None,
) -> Sesion:
    if not mesa.activa:
        raise ValidationError("La mesa está inactiva: reactívela para programar sesiones.")
    if timezone.is_naive(inicio):
        inicio = timezone.make_aware(inicio, reglas.ZONA)
    if inicio < timezone.now():
        raise ValidationError({"inicio": "La fecha y hora ya pasaron; elija una futura."})
    sesion = Sesion(
        mesa=mesa,
        serie=serie,
        tipo=tipo,
        titulo=titulo,
        inicio=inicio,
        fin=fin or inicio + timedelta(minutes=duracion_minutos),
        lugar=lugar,
        enlace_video=enlace_video,
        created_by=por,
    )
    sesion.full_clean()
    sesion.save()
    _agregar_puntos(sesion, list(puntos))
    _invitar(sesion, _integrantes_activos(mesa))
    _encolar_invitaciones(sesion)
    return sesion


@transaction.atomic
def sesion_actualizar(
    *,
    sesion: Sesion,
    version: int,
    tipo: str,
    titulo: str,
    inicio: datetime,
    fin: datetime,
    lugar: str,
    enlace_video: str,
    dificultades: str = "",
    propuestas_mejora: str = "",
    programas: list[Programa] | None = None,
    por: Usuario | None,
) -> Sesion:
    """Moves or edits one session (never its siblings in a series). Invitees are told when the
    date or place of a future session changes."""
    antes = (sesion.inicio, sesion.fin, sesion.lugar, sesion.enlace_video)
    if sesion.estado == Sesion.Estado.SUSPENDIDA:
        raise ValidationError("La sesión está suspendida; no se puede modificar.")
    if (
        sesion.estado == Sesion.Estado.PROGRAMADA
        and inicio != sesion.inicio
        and inicio < timezone.now()
    ):
        raise ValidationError({"inicio": "No se puede mover una sesión a una fecha pasada."})
    sesion.tipo = tipo
    sesion.titulo = titulo
    sesion.inicio = inicio
    sesion.fin = fin
    sesion.lugar = lugar
    sesion.enlace_video = enlace_video
    sesion.dificultades = dificultades
    sesion.propuestas_mejora = propuestas_mejora
    sesion.full_clean()
    guardar_con_version(sesion, version=version)
    if programas is not None:
        sesion.programas_presentados.set(programas)
    cambio = antes != (sesion.inicio, sesion.fin, sesion.lugar, sesion.enlace_video)
    if cambio and sesion.estado == Sesion.Estado.PROGRAMADA:
        _notificar_cambio(sesion)
    return sesion


def _notificar_cambio(sesion: Sesion) -> None:
    from mesas import tasks

    if sesion.asistencias.filter(invitacion_enviada_at__isnull=False).exists():
        transaction.on_commit(lambda: tasks.enviar_actualizacion.delay(sesion.pk))


@transaction.atomic
def sesion_suspender(*, sesion: Sesion, motivo: str, por: Usuario | None) -> Sesion:
    if sesion.estado != Sesion.Estado.PROGRAMADA:
        raise ValidationError("Solo se puede suspender una sesión programada.")
    if not motivo.strip():
        raise ValidationError({"motivo_suspension": "Indique el motivo de la suspensión."})
    sesion.estado = Sesion.Estado.SUSPENDIDA
    sesion.motivo_suspension = motivo.strip()
    sesion.version += 1  # a new iCalendar SEQUENCE, so calendars apply the cancellation
    sesion.save(update_fields=["estado", "motivo_suspension", "version", "updated_at"])
    _notificar_cambio(sesion)
    return sesion


# --- Agenda ---------------------------------------------------------------------------------------
@transaction.atomic
def punto_agregar(
    *, sesion: Sesion, titulo: str, detalle: str = "", expositor: str = "", por
) -> PuntoTabla:
    if sesion.estado == Sesion.Estado.SUSPENDIDA:
        raise ValidationError("La sesión está suspendida.")
    orden = (sesion.puntos.aggregate(m=Max("orden"))["m"] or 0) + 1
    punto = PuntoTabla(
        sesion=sesion, titulo=titulo, detalle=detalle, expositor=expositor, orden=orden
    )
    punto.full_clean()
    punto.save()
    return punto


@transaction.atomic
def punto_quitar(*, punto: PuntoTabla, por) -> None:
    punto.delete()


@transaction.atomic
def punto_mover(*, punto: PuntoTabla, direccion: str, por) -> None:
    puntos = list(punto.sesion.puntos.order_by("orden", "pk"))
    i = next(n for n, p in enumerate(puntos) if p.pk == punto.pk)
    j = i - 1 if direccion == "arriba" else i + 1
    if 0 <= j < len(puntos):
        puntos[i], puntos[j] = puntos[j], puntos[i]
    for n, p in enumerate(puntos, start=1):
        if p.orden != n:
            p.orden = n
            p.save(update_fields=["orden"])


# --- Monthly series -------------------------------------------------------------------------------
@transaction.atomic
def serie_crear(
    *,
    mesa: Mesa,
    regla: str,
    desde: date,
    hasta: date | None = None,
    cantidad: int | None = None,
    hora: time | None = None,
    duracion_minutos: int = 120,
    tipo: str = TipoSesion.ORDINARIA,
    lugar: str = "",
    enlace_video: str = "",
    ajustes: dict[date, date] | None = None,
    por: Usuario | None,
) -> Serie:
    """Creates every occurrence in one step. `ajustes` moves single dates (a holiday to the next
    working day) before anything is created. Refuses the whole series on any problem."""
    interpretada, fechas = reglas.ocurrencias(
        regla, desde=desde, hasta=hasta, cantidad=cantidad, hora=hora
    )
    hora_final = interpretada.hora or time(10, 0)
    ajustes = ajustes or {}
    desconocidas = set(ajustes) - {o.fecha for o in fechas}
    if desconocidas:
        raise ValidationError("Se indicó mover una fecha que no está en la serie.")
    serie = Serie(
        mesa=mesa,
        regla=regla.strip(),
        rrule=reglas.rrule_texto(interpretada, desde=desde, hasta=hasta, cantidad=cantidad),
        tipo=tipo,
        hora=hora_final,
        duracion_minutos=duracion_minutos,
        desde=desde,
        hasta=hasta,
        cantidad=cantidad,
        lugar=lugar,
        enlace_video=enlace_video,
        created_by=por,
    )
    serie.full_clean()
    serie.save()
    vistas = set()
    for o in fechas:
        fecha = ajustes.get(o.fecha, o.fecha)
        if fecha in vistas:
            raise ValidationError(f"Dos sesiones quedarían el mismo día ({fecha:%d-%m-%Y}).")
        vistas.add(fecha)
        inicio = reglas.en_chile(fecha, hora_final)
        if inicio < timezone.now():
            raise ValidationError(
                f"La sesión del {fecha:%d-%m-%Y} quedaría en el pasado; comience la serie después."
            )
        sesion_programar(
            mesa=mesa,
            tipo=tipo,
            inicio=inicio,
            duracion_minutos=duracion_minutos,
            lugar=lugar,
            enlace_video=enlace_video,
            serie=serie,
            por=por,
        )
    return serie


def _restantes(serie: Serie, desde: date | None = None):
    qs = serie.sesiones.filter(estado=Sesion.Estado.PROGRAMADA, inicio__gt=timezone.now())
    if desde:
        qs = qs.filter(inicio__gte=reglas.en_chile(desde, time(0, 0)))
    return qs.order_by("inicio")


@transaction.atomic
def serie_modificar_restantes(
    *,
    serie: Serie,
    hora: time,
    duracion_minutos: int,
    lugar: str,
    enlace_video: str,
    por: Usuario | None,
) -> int:
    """Changes time and place of the remaining (future, scheduled) sessions; keeps their dates,
    also the ones moved one by one. Returns how many changed."""
    if serie.terminada_at:
        raise ValidationError("La serie ya terminó.")
    n = 0
    for sesion in _restantes(serie):
        dia = timezone.localtime(sesion.inicio, reglas.ZONA).date()
        inicio = reglas.en_chile(dia, hora)
        sesion_actualizar(
            sesion=sesion,
            version=sesion.version,
            tipo=sesion.tipo,
            titulo=sesion.titulo,
            inicio=inicio,
            fin=inicio + timedelta(minutes=duracion_minutos),
            lugar=lugar,
            enlace_video=enlace_video,
            dificultades=sesion.dificultades,
            propuestas_mejora=sesion.propuestas_mejora,
            por=por,
        )
        n += 1
    serie.hora, serie.duracion_minutos = hora, duracion_minutos
    serie.lugar, serie.enlace_video = lugar, enlace_video
    serie.full_clean()
    serie.save()
    return n


@transaction.atomic
def serie_terminar(*, serie: Serie, desde: date, motivo: str = "", por: Usuario | None) -> int:
    """Suspends the scheduled sessions from `desde` on (invitees receive a cancellation)."""
    if serie.terminada_at:
        raise ValidationError("La serie ya terminó.")
    n = 0
    for sesion in _restantes(serie, desde):
        sesion_suspender(sesion=sesion, motivo=motivo or "Fin de la serie de sesiones", por=por)
        n += 1
    serie.terminada_at = timezone.now()
    serie.save(update_fields=["terminada_at"])
    return n


# --- Attendance -----------------------------------------------------------------------------------
@transaction.atomic
def asistencia_responder(
    *, asistencia: Asistencia, respuesta: str, por: Usuario | None, via: str = "app"
) -> Asistencia:
    """An invitee confirms or declines. Only before the session starts."""
    if respuesta not in Asistencia.RESPUESTAS:
        raise ValidationError("Respuesta desconocida.")
    sesion = asistencia.sesion
    if sesion.estado != Sesion.Estado.PROGRAMADA:
        raise ValidationError(f"La sesión está {sesion.get_estado_display().lower()}.")
    if sesion.inicio <= timezone.now():
        raise ValidationError("La sesión ya comenzó; ya no se puede responder la invitación.")
    asistencia.estado = respuesta
    asistencia.respuesta = respuesta
    asistencia.respondida_at = timezone.now()
    asistencia.respondida_por = por
    asistencia.respondida_via = via
    asistencia.save()
    return asistencia


@transaction.atomic
def asistencia_registrar(*, sesion: Sesion, estados: dict[int, str], por: Usuario | None) -> Sesion:
    """The coordinator records, after the session started, who attended. Marks it held."""
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
    if sesion.estado != Sesion.Estado.REALIZADA:
        sesion.estado = Sesion.Estado.REALIZADA
        sesion.save(update_fields=["estado", "updated_at"])
    return sesion


# --- Minutes --------------------------------------------------------------------------------------
@transaction.atomic
def minuta_subir(
    *, sesion: Sesion, archivo=None, texto: str = "", nota: str = "", por: Usuario | None
) -> Minuta:
    """Adds a new version of the minutes (file and/or text); earlier versions are kept."""
    if sesion.estado == Sesion.Estado.SUSPENDIDA:
        raise ValidationError("La sesión fue suspendida: no lleva minuta.")
    if sesion.inicio > timezone.now():
        raise ValidationError("La minuta se sube después de la sesión.")
    if not archivo and not texto.strip():
        raise ValidationError("Suba un archivo o escriba el texto de la minuta.")
    minuta = Minuta(sesion=sesion, texto=texto.strip(), nota=nota.strip(), subida_por=por)
    if archivo:
        doc = validar_archivo(archivo, permitidas=DOCUMENTOS, tamano_maximo=TAMANO_MAXIMO)
        minuta.nombre_original = doc.nombre
        minuta.tamano = doc.tamano
        minuta.content_type = doc.content_type
        minuta.archivo = archivo
    ultimo = Minuta.todas.select_for_update().filter(sesion=sesion).aggregate(m=Max("numero"))
    minuta.numero = (ultimo["m"] or 0) + 1
    minuta.full_clean(exclude=["archivo"])
    minuta.save()
    return minuta


@transaction.atomic
def minuta_eliminar(*, minuta: Minuta, por: Usuario) -> Minuta:
    """Soft delete: the version disappears from the session, the reports and the reminders count,
    and stays restorable (with who and when in its history)."""
    minuta = Minuta.todas.select_for_update().get(pk=minuta.pk)
    if minuta.eliminada_at is not None:
        raise ValidationError("Esta versión de la minuta ya estaba eliminada.")
    minuta.eliminada_at = timezone.now()
    minuta.eliminada_por = por
    minuta._change_reason = "Eliminada"
    minuta.save()
    return minuta


@transaction.atomic
def minuta_restaurar(*, minuta: Minuta, por: Usuario) -> Minuta:
    minuta = Minuta.todas.select_for_update().get(pk=minuta.pk)
    if minuta.eliminada_at is None:
        raise ValidationError("Esta versión de la minuta no está eliminada.")
    minuta.eliminada_at = None
    minuta.eliminada_por = None
    minuta._change_reason = f"Restaurada por {por}"
    minuta.save()
    return minuta


# --- Agreements -----------------------------------------------------------------------------------
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
    if acuerdo.estado == Acuerdo.Estado.CUMPLIDO:
        raise ValidationError("El acuerdo ya estaba cumplido.")
    acuerdo.estado = Acuerdo.Estado.CUMPLIDO
    acuerdo.cumplido_por = por
    acuerdo.cumplido_at = timezone.now()
    acuerdo.observacion = observacion.strip()[:300]
    acuerdo.save()
    return acuerdo


@transaction.atomic
def acuerdos_vencer(*, hoy: date | None = None) -> int:
    """Pending agreements past their due date become vencido (daily task)."""
    hoy = hoy or timezone.localdate()
    n = 0
    for acuerdo in Acuerdo.objects.filter(estado=Acuerdo.Estado.PENDIENTE, fecha_limite__lt=hoy):
        acuerdo.estado = Acuerdo.Estado.VENCIDO
        acuerdo.save(update_fields=["estado"])  # through save(): the history records it
        n += 1
    return n


# --- Calendar -------------------------------------------------------------------------------------
@transaction.atomic
def calendario_token_asegurar(*, usuario: Usuario, regenerar: bool = False) -> str:
    if regenerar or not usuario.token_calendario:
        usuario.token_calendario = secrets.token_urlsafe(32)
        usuario.save(update_fields=["token_calendario"])
    return usuario.token_calendario


# --- E-mail (called from tasks) -------------------------------------------------------------------
def enlace_respuesta(asistencia: Asistencia, respuesta: str) -> str:
    token = firmas.firmar(PROPOSITO_INVITACION, {"a": asistencia.pk, "r": respuesta})
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
        "inicio": timezone.localtime(sesion.inicio, reglas.ZONA),
        "fin": timezone.localtime(sesion.fin, reglas.ZONA),
        "puntos": list(sesion.puntos.all()),
        "url_sesion": f"{settings.SITE_URL}{sesion.get_absolute_url()}",
        "url_confirmar": f"{settings.SITE_URL}{enlace_respuesta(asistencia, 'confirmada')}",
        "url_rechazar": f"{settings.SITE_URL}{enlace_respuesta(asistencia, 'rechazada')}",
    }


def _asunto(sesion: Sesion, prefijo: str) -> str:
    inicio = timezone.localtime(sesion.inicio, reglas.ZONA)
    return f"{prefijo}: {sesion.mesa.nombre}, {inicio:%d-%m-%Y %H:%M}"


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
            "inicio": timezone.localtime(sesion.inicio, reglas.ZONA),
            "url_minuta": f"{settings.SITE_URL}{reverse('mesas:minuta_create', args=[sesion.pk])}",
        },
    )
