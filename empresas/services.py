"""Every write of the app. Keyword-only, atomic, validated; e-mail goes through tasks on commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from empresas import selectors
from empresas.models import (
    AcuerdoVisita,
    Contacto,
    Empresa,
    EncuentroEmpresarial,
    ImportacionEmpresas,
    InvitacionVisita,
    Necesidad,
    ParticipacionEncuentro,
    VisitaEmpresa,
)
from nucleo import firmas
from nucleo.archivos import validar_archivo
from nucleo.concurrencia import guardar_con_version
from nucleo.models import Institucion, Usuario

PROPOSITO_INVITACION = "empresas.invitacion"
VIGENCIA_ENLACE = 60 * 60 * 24 * 45  # 45 days: a visit is rarely planned further ahead

CAMPOS_EMPRESA = [
    "rut",
    "razon_social",
    "nombre_fantasia",
    "rubro",
    "tamano",
    "comuna",
    "direccion",
    "telefono",
    "email",
    "sitio_web",
    "miembro_red_desde",
    "observaciones",
]


# --- Companies ----------------------------------------------------------------------------------
def _validar_comuna(usuario: Usuario, comuna) -> None:
    if not selectors.comunas_editables(usuario).filter(pk=comuna.pk).exists():
        raise ValidationError({"comuna": "No puedes registrar empresas en esa comuna."})


def _reemplazar_filas(empresa: Empresa, contactos, necesidades) -> None:
    if contactos is not None:
        empresa.contactos.all().delete()
        for datos in contactos:
            contacto = Contacto(empresa=empresa, **datos)
            contacto.full_clean()
            contacto.save()
    if necesidades is not None:
        empresa.necesidades.all().delete()
        for datos in necesidades:
            necesidad = Necesidad(empresa=empresa, **datos)
            necesidad.full_clean()
            necesidad.save()


@transaction.atomic
def empresa_crear(
    *,
    datos: dict,
    contactos: Iterable[dict] = (),
    necesidades: Iterable[dict] = (),
    por: Usuario,
) -> Empresa:
    empresa = Empresa(**{c: datos[c] for c in CAMPOS_EMPRESA if c in datos}, creada_por=por)
    _validar_comuna(por, empresa.comuna)
    empresa.full_clean()
    empresa.save()
    _reemplazar_filas(empresa, list(contactos), list(necesidades))
    return empresa


@transaction.atomic
def empresa_actualizar(
    *,
    empresa: Empresa,
    version: int,
    datos: dict,
    contactos: Iterable[dict] | None = None,
    necesidades: Iterable[dict] | None = None,
    por: Usuario,
) -> Empresa:
    for campo in CAMPOS_EMPRESA:
        if campo in datos:
            setattr(empresa, campo, datos[campo])
    _validar_comuna(por, empresa.comuna)
    empresa.full_clean()
    guardar_con_version(empresa, version=version)
    # guardar_con_version updates in SQL; record the change in the history too.
    empresa.refresh_from_db()
    empresa._history_user = por
    empresa.save(update_fields=["updated_at"])
    _reemplazar_filas(
        empresa,
        None if contactos is None else list(contactos),
        None if necesidades is None else list(necesidades),
    )
    return empresa


# --- Visits -------------------------------------------------------------------------------------
def _validar_visita(
    *, empresa: Empresa, inicio: datetime, participantes, instituciones, nueva_fecha: bool
) -> None:
    errores: dict[str, list[str]] = {}
    if inicio is None or timezone.is_naive(inicio):
        errores["inicio"] = ["Indica la fecha y la hora de la visita."]
    elif nueva_fecha and inicio <= timezone.now():
        errores["inicio"] = [
            "La fecha y hora ya pasaron: una visita se planifica para una fecha futura."
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
        transaction.on_commit(lambda pk=invitacion.pk: enviar_invitacion.delay(pk))


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
    if not selectors.empresas_editables(por).filter(pk=empresa.pk).exists():
        raise ValidationError({"empresa": "No puedes planificar visitas a esta empresa."})
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
    )
    visita.inicio = inicio
    visita.objetivo = objetivo
    visita.duracion_minutos = duracion_minutos
    if nueva_fecha:
        visita.ronda += 1
    visita.full_clean()
    guardar_con_version(visita, version=version)
    visita._history_user = por
    visita.save(update_fields=["updated_at"])
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
        mantenidas = visita.invitaciones.filter(institucion_id__in=set(actuales) & elegidas)
        mantenidas.update(
            estado=InvitacionVisita.Estado.PENDIENTE,
            respondido_por=None,
            respondido_at=None,
            respondido_por_enlace=False,
            recordada_at=None,
        )
        a_notificar += list(mantenidas)
    _notificar(a_notificar)
    return visita


@transaction.atomic
def visita_suspender(*, visita: VisitaEmpresa, motivo: str, por: Usuario) -> VisitaEmpresa:
    if visita.estado != VisitaEmpresa.Estado.PLANIFICADA:
        raise ValidationError("Solo se suspende una visita planificada.")
    if not motivo.strip():
        raise ValidationError({"motivo": "Indica el motivo de la suspensión."})
    visita.estado = VisitaEmpresa.Estado.SUSPENDIDA
    visita.motivo_suspension = motivo.strip()
    visita._history_user = por
    visita.full_clean()
    visita.save()
    from empresas.tasks import avisar_suspension

    ids = list(visita.invitaciones.values_list("pk", flat=True))
    for pk in ids:
        transaction.on_commit(lambda pk=pk: avisar_suspension.delay(pk))
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
    if visita.estado == VisitaEmpresa.Estado.SUSPENDIDA:
        raise ValidationError("La visita fue suspendida: no tiene resultado.")
    if visita.inicio > timezone.now():
        raise ValidationError("La visita aún no ocurre: registra el resultado después de ella.")
    visita.estado = VisitaEmpresa.Estado.REALIZADA
    visita.vacantes_ofrecidas = vacantes_ofrecidas
    visita.personas_derivadas = personas_derivadas
    visita.capacitaciones_acordadas = capacitaciones_acordadas
    visita.resultado = resultado
    visita.full_clean()
    guardar_con_version(visita, version=version)
    visita._history_user = por
    visita.save(update_fields=["updated_at"])
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
    acuerdo.estado = AcuerdoVisita.Estado.CUMPLIDO if cumplido else AcuerdoVisita.Estado.PENDIENTE
    acuerdo.cumplido_at = timezone.now() if cumplido else None
    acuerdo.save(update_fields=["estado", "cumplido_at"])
    return acuerdo


# --- Invitations --------------------------------------------------------------------------------
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
        transaction.on_commit(lambda pk=pk: enviar_invitacion.delay(pk, recordatorio=True))
    return len(pendientes)


# --- Encuentros ---------------------------------------------------------------------------------
CAMPOS_ENCUENTRO = [
    "nombre",
    "inicio",
    "duracion_minutos",
    "lugar",
    "comuna",
    "descripcion",
    "estado",
    "vacantes_comprometidas",
    "personas_derivadas",
    "resultados",
]


def _validar_encuentro(encuentro: EncuentroEmpresarial, organizadores, servicios) -> None:
    errores = {}
    if not organizadores:
        errores["organizadores"] = ["Indica al menos una institución organizadora."]
    if any(i.region_id != encuentro.region_id for i in [*organizadores, *servicios]):
        errores["organizadores"] = ["Las instituciones deben ser de la región del encuentro."]
    if errores:
        raise ValidationError(errores)


@transaction.atomic
def encuentro_crear(
    *,
    region_id: str,
    datos: dict,
    organizadores: Iterable[Institucion],
    servicios_presentes: Iterable[Institucion] = (),
    por: Usuario,
) -> EncuentroEmpresarial:
    encuentro = EncuentroEmpresarial(
        region_id=region_id,
        creado_por=por,
        **{c: datos[c] for c in CAMPOS_ENCUENTRO if c in datos},
    )
    organizadores, servicios_presentes = list(organizadores), list(servicios_presentes)
    _validar_encuentro(encuentro, organizadores, servicios_presentes)
    if encuentro.inicio and encuentro.inicio <= timezone.now():
        encuentro.estado = datos.get("estado") or EncuentroEmpresarial.Estado.REALIZADO
    encuentro.full_clean()
    encuentro.save()
    encuentro.organizadores.set(organizadores)
    encuentro.servicios_presentes.set(servicios_presentes)
    return encuentro


@transaction.atomic
def encuentro_actualizar(
    *,
    encuentro: EncuentroEmpresarial,
    version: int,
    datos: dict,
    organizadores: Iterable[Institucion],
    servicios_presentes: Iterable[Institucion] = (),
    por: Usuario,
) -> EncuentroEmpresarial:
    for campo in CAMPOS_ENCUENTRO:
        if campo in datos:
            setattr(encuentro, campo, datos[campo])
    organizadores, servicios_presentes = list(organizadores), list(servicios_presentes)
    _validar_encuentro(encuentro, organizadores, servicios_presentes)
    encuentro.full_clean()
    guardar_con_version(encuentro, version=version)
    encuentro._history_user = por
    encuentro.save(update_fields=["nombre"])
    encuentro.organizadores.set(organizadores)
    encuentro.servicios_presentes.set(servicios_presentes)
    return encuentro


@transaction.atomic
def encuentro_invitar_empresas(
    *, encuentro: EncuentroEmpresarial, empresas: Iterable[Empresa], por: Usuario
) -> int:
    """Adds companies of the encuentro's region as invited; returns how many were new."""
    nuevas = 0
    for empresa in empresas:
        if empresa.comuna.region_id != encuentro.region_id:
            raise ValidationError("Solo se invitan empresas de la región del encuentro.")
        _, creada = ParticipacionEncuentro.objects.get_or_create(
            encuentro=encuentro, empresa=empresa
        )
        nuevas += creada
    return nuevas


@transaction.atomic
def participacion_cambiar_estado(
    *, participacion: ParticipacionEncuentro, estado: str, por: Usuario
) -> ParticipacionEncuentro:
    if estado not in ParticipacionEncuentro.Estado.values:
        raise ValidationError("Estado no válido.")
    participacion.estado = estado
    participacion.save(update_fields=["estado"])
    return participacion


# --- Import -------------------------------------------------------------------------------------
def _comunas_para_importar(usuario: Usuario) -> dict[str, str]:
    from empresas.importacion import _clave

    comunas = {}
    for codigo, nombre in selectors.comunas_editables(usuario).values_list("codigo", "nombre"):
        comunas[codigo] = codigo
        comunas[_clave(nombre)] = codigo
    return comunas


@transaction.atomic
def importacion_subir(*, archivo, por: Usuario) -> ImportacionEmpresas:
    """Checks the file (type, size, columns, rows) and keeps it privately for the preview."""
    from empresas import importacion

    documento = validar_archivo(
        archivo, permitidas=importacion.PERMITIDAS, tamano_maximo=importacion.TAMANO_MAXIMO
    )
    importacion.leer_filas(archivo, documento.extension)
    subida = ImportacionEmpresas(archivo=archivo, nombre_original=documento.nombre, subida_por=por)
    subida.full_clean()
    subida.save()
    return subida


def importacion_analizar(*, importacion: ImportacionEmpresas, por: Usuario):
    from empresas import importacion as lector

    extension = importacion.archivo.name.rsplit(".", 1)[-1].lower()
    with importacion.archivo.open("rb") as archivo:
        encabezado, filas = lector.leer_filas(archivo, extension)
    return lector.analizar(encabezado, filas, comunas=_comunas_para_importar(por))


@transaction.atomic
def importacion_confirmar(*, importacion: ImportacionEmpresas, por: Usuario):
    """Saves every valid new row in one transaction; rows already registered are left as they
    are, so importing the same file again changes nothing."""
    importacion = ImportacionEmpresas.objects.select_for_update().get(pk=importacion.pk)
    if importacion.estado == ImportacionEmpresas.Estado.IMPORTADA:
        raise ValidationError("Esta planilla ya fue importada.")
    analisis = importacion_analizar(importacion=importacion, por=por)
    nuevas = []
    for fila in analisis.nuevas:
        empresa = Empresa(**fila.datos, creada_por=por)
        empresa.full_clean(validate_unique=False)
        nuevas.append(empresa)
    bulk_create_with_history(nuevas, Empresa, batch_size=500, default_user=por)
    importacion.estado = ImportacionEmpresas.Estado.IMPORTADA
    importacion.creadas = len(nuevas)
    importacion.omitidas = len(analisis.existentes)
    importacion.con_errores = len(analisis.con_errores)
    importacion.importada_at = timezone.now()
    # The spreadsheet may hold personal data: keep only the counts once imported.
    archivo = importacion.archivo.name
    importacion.archivo = ""
    importacion.save()
    transaction.on_commit(lambda: default_storage.delete(archivo))
    return analisis


def importaciones_limpiar(*, horas: int = 24) -> int:
    """Deletes spreadsheets uploaded for a preview that nobody confirmed within `horas`."""
    limite = timezone.now() - timedelta(hours=horas)
    abandonadas = ImportacionEmpresas.objects.filter(
        estado=ImportacionEmpresas.Estado.REVISION, created_at__lt=limite
    )
    borradas = 0
    for subida in abandonadas:
        if subida.archivo:
            subida.archivo.delete(save=False)
        subida.delete()
        borradas += 1
    return borradas
