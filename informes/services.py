"""Every write of the informes app: requesting a report and building it (called by the task)."""

from __future__ import annotations

import logging
import time
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
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
        if activo:
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


def informe_generar(*, informe_id: int, hoy: date | None = None) -> Informe:
    """Builds the report's figures, PDF and Excel annex. Idempotent: a report already listo is
    left alone, and a second run (a redelivered task) ends with one file and one state."""
    with transaction.atomic():
        informe = Informe.objects.select_for_update().select_related("region").get(pk=informe_id)
        if informe.estado in (Informe.Estado.LISTO, Informe.Estado.FALLIDO):
            return informe
        informe.estado = Informe.Estado.GENERANDO
        informe.iniciado_at = timezone.now()
        informe.intentos += 1
        informe.progreso = 5
        informe.fase = "Calculando las cifras"
        informe.error = ""
        informe.save(
            update_fields=["estado", "iniciado_at", "intentos", "progreso", "fase", "error"]
        )

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
        informe.save()
    return informe


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


def informes_reencolar_pendientes(*, minutos: int = 5) -> int:
    """The sweeper: enqueues pending reports that never reached a worker (broker was down)."""
    from informes.selectors import informes_pendientes_de_encolar

    limite = timezone.now() - timezone.timedelta(minutes=minutos)
    ids = list(informes_pendientes_de_encolar(antes_de=limite).values_list("pk", flat=True))
    return sum(informe_encolar(informe_id=i) for i in ids)
