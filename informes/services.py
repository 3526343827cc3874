"""Every write of the informes app: requesting a report and building it (called by the task)."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from informes import documento, figures
from informes.models import Informe
from informes.periodos import Periodo
from informes.permissions import puede_solicitar_informe
from nucleo.models import Region, Usuario
from nucleo.servicios import exigir
from nucleo.tareas import encolar

logger = logging.getLogger(__name__)


def informe_solicitar(
    *,
    tipo: str,
    region: Region,
    periodo: str,
    por: Usuario | None,
    hoy: date | None = None,
) -> tuple[Informe, bool]:
    """Creates a pending report and enqueues its build once the transaction commits.

    A request for a report that is already pending or being built joins it: returns
    (that report, False). `por` None is the beat schedule (a system job: no permission to ask).
    """
    periodo_obj = Periodo.desde_texto(tipo, periodo)
    hoy = hoy or timezone.localdate()
    if periodo_obj.es_futuro(hoy):
        raise ValidationError(
            f"El periodo {periodo_obj.nombre} aún no comienza: no hay datos que informar.",
            code="futuro",
        )
    if por is not None:
        exigir(
            puede_solicitar_informe(por, region.pk), "No puedes solicitar informes de esta región."
        )
    with transaction.atomic():
        # Serialises concurrent requests of the same region so that versions never collide.
        Region.objects.select_for_update().filter(pk=region.pk).first()
        filtro = {"tipo": tipo, "region": region, "periodo": periodo_obj.codigo}
        activo = Informe.objects.filter(**filtro, estado__in=Informe.ACTIVOS).first()
        ahora = timezone.now()
        if activo and activo.atascado(ahora):
            # Its worker died: asking again starts a new version instead of joining a corpse.
            _marcar_interrumpido(activo)
            activo = None
        if activo:
            if activo.estado == Informe.Estado.PENDIENTE and (
                activo.encolado_at is None or activo.encolado_at < ahora - timedelta(minutes=1)
            ):  # its message may be lost: send another (a duplicate is harmless, see lease)
                transaction.on_commit(lambda: informe_encolar(informe_id=activo.pk))
            return activo, False
        ultima = Informe.objects.filter(**filtro).aggregate(v=Max("version"))["v"] or 0
        informe = Informe(**filtro, version=ultima + 1, solicitado_por=por)
        informe.full_clean()
        informe.save()
        transaction.on_commit(lambda: informe_encolar(informe_id=informe.pk))
    return informe, True


def informe_encolar(*, informe_id: int) -> bool:
    """Hands the report to a worker. With the broker down the report stays pending (the sweeper
    enqueues it later) and the request still answers."""
    from informes.tasks import generar_informe

    if not encolar(generar_informe, informe_id):
        return False
    Informe.objects.filter(pk=informe_id).update(encolado_at=timezone.now())
    return True


def _avance(informe_id: int, progreso: int, fase: str) -> None:
    Informe.objects.filter(pk=informe_id).update(progreso=progreso, fase=fase)


# A report whose worker died this many times is marked failed instead of taken again.
INTENTOS_MAXIMOS = 3


class InformeOcupado(Exception):
    """Another live worker holds the report's lease (a redelivered task): try after it expires."""

    def __init__(self, segundos: float):
        super().__init__(f"Otro trabajador genera el informe; reintentar en {segundos:.0f} s.")
        self.segundos = segundos


def _reserva() -> timedelta:
    return timedelta(seconds=settings.INFORMES_RESERVA_SEGUNDOS)


@contextlib.contextmanager
def _latido(informe_id: int, token: str):
    """Renews the lease every third of its length while the report is built, from a thread of
    its own (the PDF phase is one long call). It dies with the process, so a killed worker's
    lease simply expires."""
    parar = threading.Event()

    def renovar() -> None:
        try:
            while not parar.wait(settings.INFORMES_RESERVA_SEGUNDOS / 3):
                Informe.objects.filter(pk=informe_id, reservado_por=token).update(
                    reservado_hasta=timezone.now() + _reserva()
                )
        except Exception:  # a missed beat only shortens the lease; the build goes on
            logger.exception("Informe %s: no se pudo renovar la reserva.", informe_id)
        finally:
            connection.close()  # this thread's own connection

    hilo = threading.Thread(target=renovar, name=f"latido-informe-{informe_id}", daemon=True)
    hilo.start()
    try:
        yield
    finally:
        parar.set()
        hilo.join(10)


def informe_generar(*, informe_id: int, hoy: date | None = None) -> Informe:
    """Builds the report's figures, PDF and Excel annex under a lease (see _latido).

    Idempotent: a report already listo is left alone; one whose lease another live worker holds
    raises InformeOcupado (the task retries later); a second run ends with one file and one state.
    """
    token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    with transaction.atomic():
        informe = Informe.objects.select_for_update().select_related("region").get(pk=informe_id)
        if informe.estado in (Informe.Estado.LISTO, Informe.Estado.FALLIDO):
            return informe
        ahora = timezone.now()
        vigente = informe.reservado_hasta is not None and informe.reservado_hasta >= ahora
        if informe.estado == Informe.Estado.GENERANDO and vigente:
            raise InformeOcupado((informe.reservado_hasta - ahora).total_seconds() + 1)
        informe.estado = Informe.Estado.GENERANDO
        informe.iniciado_at = ahora
        informe.intentos += 1
        informe.progreso = 5
        informe.fase = "Calculando las cifras"
        informe.error = ""
        informe.reservado_por = token
        informe.reservado_hasta = ahora + _reserva()
        informe.save(
            update_fields=[
                "estado", "iniciado_at", "intentos", "progreso", "fase", "error",
                "reservado_por", "reservado_hasta",
            ]
        )  # fmt: skip

    with _latido(informe_id, token):
        try:
            return _construir(informe, token, hoy)
        except Exception:
            # Let the task's retry (or another worker) take it now instead of after the lease.
            Informe.objects.filter(pk=informe_id, reservado_por=token).update(reservado_hasta=None)
            raise


def _construir(informe: Informe, token: str, hoy: date | None) -> Informe:
    informe_id = informe.pk
    tiempos = {}
    inicio = time.perf_counter()
    cifras = figures.calcular(informe.region, informe.periodo_obj, hoy=hoy or timezone.localdate())
    sha256 = documento.huella(cifras)
    tiempos["cifras"] = time.perf_counter() - inicio
    _avance(informe_id, 40, "Preparando el documento")

    inicio = time.perf_counter()
    html = documento.html_de(informe, cifras, sha256)
    tiempos["html"] = time.perf_counter() - inicio
    _avance(informe_id, 55, "Generando el PDF")

    inicio = time.perf_counter()
    pdf = documento.pdf_de(html)
    tiempos["pdf"] = time.perf_counter() - inicio
    _avance(informe_id, 85, "Generando el anexo Excel")

    inicio = time.perf_counter()
    excel = documento.excel_de(informe, cifras, sha256)
    tiempos["excel"] = time.perf_counter() - inicio

    with transaction.atomic():
        informe = Informe.objects.select_for_update().get(pk=informe_id)
        if informe.estado == Informe.Estado.LISTO:
            return informe  # another worker finished first; keep its files
        if informe.reservado_por != token:
            return informe  # our lease expired and the report was handed out again
        for campo, contenido, extension in (
            (informe.pdf, pdf, "pdf"),
            (informe.excel, excel, "xlsx"),
        ):
            nombre = f"informes/{informe.region_id}/{informe.nombre_archivo(extension)}"
            default_storage.delete(nombre)  # a file left by an attempt that died before this point
            campo.name = default_storage.save(nombre, ContentFile(contenido))
        informe.datos = cifras
        informe.sha256 = sha256
        informe.tiempos = {k: round(v, 3) for k, v in tiempos.items()}
        informe.estado = Informe.Estado.LISTO
        informe.progreso = 100
        informe.fase = "Listo"
        informe.terminado_at = timezone.now()
        informe.reservado_hasta = None
        informe.save()
    return informe


def _marcar_interrumpido(informe: Informe) -> None:
    informe.estado = Informe.Estado.FALLIDO
    informe.fase = "Interrumpido"
    informe.error = (
        "La generación se interrumpió: el proceso que lo preparaba dejó de responder "
        f"({informe.intentos} intento(s)). Puede pedirlo de nuevo con «Regenerar»."
    )
    informe.terminado_at = timezone.now()
    informe.reservado_hasta = None
    informe.save(update_fields=["estado", "fase", "error", "terminado_at", "reservado_hasta"])


def informe_marcar_fallido(*, informe_id: int, error: BaseException) -> None:
    """After the last try: the user reads what happened instead of a spinner forever."""
    mensaje = (
        "No se pudo generar el informe. "
        f"Detalle técnico: {type(error).__name__}: {str(error)[:300]}. "
        "Puede volver a intentarlo con «Regenerar»; si el problema sigue, avise al administrador."
    )
    Informe.objects.filter(pk=informe_id).exclude(estado=Informe.Estado.LISTO).update(
        estado=Informe.Estado.FALLIDO, error=mensaje, fase="Falló", terminado_at=timezone.now()
    )


def informes_programados(*, tipo: str, hoy: date | None = None) -> list[Informe]:
    """The beat schedule's job: last closed period's report for every region with a SENCE office."""
    hoy = hoy or timezone.localdate()
    periodo = Periodo.ultimo_cerrado(tipo, hoy)
    regiones = Region.objects.filter(
        instituciones__servicio__codigo="sence", instituciones__activa=True
    ).distinct()
    return [
        informe_solicitar(tipo=tipo, region=region, periodo=periodo.codigo, por=None, hoy=hoy)[0]
        for region in regiones
    ]


def informes_reencolar_pendientes(*, minutos: int = 1) -> int:
    """The sweeper (beat, every minute): hands out again the reports whose worker died (lease
    expired; failed after INTENTOS_MAXIMOS deaths), and enqueues pending reports that never
    reached a worker (broker was down). Returns how many were enqueued."""
    from informes.selectors import informes_atascados, informes_pendientes_de_encolar

    ahora = timezone.now()
    retomados = []
    with transaction.atomic():
        for informe in informes_atascados(ahora=ahora).select_for_update(skip_locked=True):
            if informe.intentos >= INTENTOS_MAXIMOS:
                _marcar_interrumpido(informe)
                continue
            logger.warning("Informe %s: su trabajador dejó de responder; se reintenta.", informe)
            informe.estado = Informe.Estado.PENDIENTE
            informe.fase = "En espera de otro intento"
            informe.reservado_por = ""
            informe.reservado_hasta = None
            informe.encolado_at = None
            informe.save(
                update_fields=["estado", "fase", "reservado_por", "reservado_hasta", "encolado_at"]
            )
            retomados.append(informe.pk)
    limite = ahora - timedelta(minutes=minutos)
    pendientes = informes_pendientes_de_encolar(antes_de=limite).exclude(pk__in=retomados)
    ids = retomados + list(pendientes.values_list("pk", flat=True))
    return sum(informe_encolar(informe_id=i) for i in ids)
