"""The demo's history, dated before the periods it shows.

The seed writes in a few seconds data that stands for months or years of work, and
django-simple-history dates each record at the moment it is written. The reports read the data
as recorded at their cut-off (informes.figures.Corte), so a report of a past demo period would
find nothing yet recorded. Runs last (informes is the last app): every history record the seed
wrote is moved back, keeping their order and spacing, to the first day of the demo's span, so
past reports show the demo's data and whatever a person changes afterwards carries its real date.
"""

from __future__ import annotations

from datetime import datetime

from django.apps import apps
from django.db.models import F
from django.utils import timezone

from nucleo import formato


def modelos_historicos() -> list:
    """The historical models of django-simple-history (one per tracked model)."""
    return [
        modelo
        for modelo in apps.get_models()
        if getattr(getattr(modelo, "history", None), "model", None) is not None
    ]


def sembrar(ctx) -> None:
    inicio = datetime(ctx.hoy.year - ctx.anios, 1, 1, tzinfo=timezone.get_default_timezone())
    desfase = timezone.now() - inicio
    movidos = 0
    for modelo in modelos_historicos():
        movidos += modelo.history.model.objects.update(history_date=F("history_date") - desfase)
    ctx.escribir(
        f"informes: {movidos} registros de historial fechados desde el {formato.fecha(inicio)} "
        "(los informes de periodos pasados leen los datos de la demostración)."
    )
