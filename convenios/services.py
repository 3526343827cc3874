"""Every write of the convenios app, and the expiry alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from convenios import permissions, selectors
from convenios.models import DIAS_ALERTA, AlertaConvenio, Convenio, ObligacionConvenio
from nucleo.archivos import validar_archivo
from nucleo.bandeja import tarea_registrar
from nucleo.correo import enviar
from nucleo.models import Institucion, Usuario
from nucleo.servicios import actualizar_modelo, exigir

CAMPOS = [
    "nombre",
    "tipo",
    "convenio_padre",
    "objeto",
    "resolucion_numero",
    "resolucion_fecha",
    "fecha_firma",
    "fecha_inicio",
    "fecha_termino",
    "renovacion_automatica",
    "renovacion_meses",
    "estado",
    "recursos_comprometidos",
]


@dataclass
class DatosObligacion:
    parte: Institucion | None
    descripcion: str
    id: int | None = None
    eliminar: bool = False


MENSAJE_SOLO_GESTORES = (
    "Solo la articulación o la dirección regional de SENCE gestiona los convenios."
)


def _validar_relaciones(convenio: Convenio, instituciones: list[Institucion]) -> None:
    region_id = convenio.oficina_sence.region_id
    errores: dict[str, str] = {}
    if not instituciones:
        errores["instituciones"] = "Indica al menos una institución contraparte."
    validas = set(selectors.contrapartes_de_region(region_id).values_list("pk", flat=True))
    if any(i.pk not in validas for i in instituciones):
        errores["instituciones"] = "Las contrapartes deben ser servicios de la misma región."
    padre = convenio.convenio_padre
    if padre is not None and padre.oficina_sence.region_id != region_id:
        errores["convenio_padre"] = "El convenio que se modifica debe ser de la misma región."
    if errores:
        raise ValidationError(errores)


def _aplicar_obligaciones(
    convenio: Convenio, instituciones: list[Institucion], obligaciones: list[DatosObligacion]
) -> None:
    existentes = {o.pk: o for o in convenio.obligaciones.all()}
    partes = {convenio.oficina_sence_id, *(i.pk for i in instituciones)}
    errores = []
    orden = 0
    for numero, datos in enumerate(obligaciones, start=1):
        if datos.id is not None and datos.id not in existentes:
            errores.append(f"Obligación {numero}: no pertenece a este convenio.")
            continue
        if datos.eliminar:
            if datos.id is not None:
                existentes[datos.id].delete()
            continue
        if datos.parte is None or datos.parte.pk not in partes:
            errores.append(f"Obligación {numero}: «{datos.parte}» no es parte de este convenio.")
            continue
        orden += 1
        obligacion = existentes.get(datos.id) or ObligacionConvenio(convenio=convenio)
        obligacion.parte = datos.parte
        obligacion.descripcion = datos.descripcion.strip()
        obligacion.orden = orden
        obligacion.full_clean(exclude=["convenio"])
        obligacion.save()
    if errores:
        raise ValidationError(errores)


def _adjuntar(convenio: Convenio, documento) -> None:
    if documento is None:
        return
    try:
        info = validar_archivo(documento, permitidas=frozenset({"pdf"}))
    except ValidationError as error:
        raise ValidationError({"documento": error.messages}) from error
    convenio.documento.save(documento.name, documento, save=False)
    convenio.documento_nombre = info.nombre


@transaction.atomic
def convenio_crear(
    *,
    oficina_sence: Institucion,
    datos: dict,
    instituciones: list[Institucion],
    obligaciones: list[DatosObligacion],
    documento=None,
    por: Usuario,
) -> Convenio:
    exigir(permissions.puede_crear_convenio_en(por, oficina_sence.region_id), MENSAJE_SOLO_GESTORES)
    convenio = Convenio(oficina_sence=oficina_sence, creado_por=por, actualizado_por=por)
    for campo in CAMPOS:
        setattr(convenio, campo, datos.get(campo, getattr(convenio, campo)))
    convenio.full_clean(exclude=["documento"])
    _validar_relaciones(convenio, instituciones)
    _adjuntar(convenio, documento)
    convenio._history_user = por
    convenio._change_reason = "Creación del convenio"
    convenio.save()
    convenio.instituciones.set(instituciones)
    _aplicar_obligaciones(convenio, instituciones, obligaciones)
    return convenio


@transaction.atomic
def convenio_editar(
    *,
    convenio: Convenio,
    version: int,
    datos: dict,
    instituciones: list[Institucion],
    obligaciones: list[DatosObligacion],
    documento=None,
    por: Usuario,
) -> Convenio:
    exigir(permissions.puede_gestionar_convenio(por, convenio), MENSAJE_SOLO_GESTORES)
    for campo in CAMPOS:
        if campo in datos:
            setattr(convenio, campo, datos[campo])
    if convenio.convenio_padre_id == convenio.pk:
        raise ValidationError({"convenio_padre": "Un convenio no puede modificarse a sí mismo."})
    _validar_relaciones(convenio, instituciones)
    _adjuntar(convenio, documento)
    convenio.instituciones.set(instituciones)
    _aplicar_obligaciones(convenio, instituciones, obligaciones)
    # One historical record and one version per saved form, whatever part of it changed.
    actualizar_modelo(
        instancia=convenio,
        campos=[*CAMPOS, "actualizado_por"],
        datos={**{c: getattr(convenio, c) for c in CAMPOS}, "actualizado_por": por},
        version=version,
        por=por,
        motivo="Edición del convenio",
        excluir=["documento"],
        guardar_siempre=True,
    )
    return convenio


# --- Expiry alerts ----------------------------------------

MOTIVO_ALERTA = "Aviso de vencimiento"


def convenios_alertar_vencimientos(*, hoy: date | None = None) -> list[AlertaConvenio]:
    """Records the 90- and 30-day warnings due today and queues their e-mails.

    Each (convenio, threshold, end date) is recorded once, so running this twice a day (or
    after a retry) sends nothing twice; a convenio first seen inside 30 days gets only the
    30-day warning. Changing the end date starts a new cycle.
    """
    from convenios.tasks import enviar_alerta_convenio

    hoy = hoy or timezone.localdate()
    creadas = []
    for convenio in Convenio.objects.filter(
        estado=Convenio.Estado.FIRMADO,
        fecha_termino__gte=hoy,
        fecha_termino__lte=hoy + timedelta(days=max(DIAS_ALERTA)),
    ).select_related("oficina_sence"):
        restantes = (convenio.fecha_termino - hoy).days
        umbral = min(d for d in DIAS_ALERTA if restantes <= d)
        try:
            with transaction.atomic():
                alerta, creada = AlertaConvenio.objects.get_or_create(
                    convenio=convenio, dias=umbral, fecha_termino=convenio.fecha_termino
                )
                if creada:  # the e-mail is recorded with the alert (outbox)
                    tarea_registrar(enviar_alerta_convenio, alerta.pk)
        except IntegrityError:  # another worker recorded it a moment ago
            continue
        if creada:
            creadas.append(alerta)
    return creadas


@transaction.atomic
def alerta_enviar(*, alerta_id: int) -> int:
    alerta = (
        AlertaConvenio.objects.select_for_update()
        .select_related("convenio__oficina_sence__region")
        .get(pk=alerta_id)
    )
    if alerta.enviada_at:
        return 0
    convenio = alerta.convenio
    para = selectors.articuladores_de_region(convenio.oficina_sence.region_id)
    restantes = (alerta.fecha_termino - timezone.localdate()).days
    enviados = enviar(
        plantilla="convenios_alerta_vencimiento",
        asunto=f"El convenio «{convenio.nombre}» vence en {restantes} días",
        para=para,
        contexto={
            "convenio": convenio,
            "alerta": alerta,
            "restantes": restantes,
            "instituciones": list(convenio.instituciones.all()),
            "url": convenio.get_absolute_url(),
        },
    )
    alerta.enviada_at = timezone.now()
    alerta.destinatarios = ", ".join(para)
    alerta.save(update_fields=["enviada_at", "destinatarios"])
    return enviados
