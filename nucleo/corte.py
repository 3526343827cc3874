"""Rows as they were at a past moment, read from django-simple-history's records.

The indicator selectors read their rows through `filas_al` so that one definition serves the live
pages (`al=None`: today's rows) and the reports (`al=` the period's end: the rows as recorded
then), and a change made after a report's cut-off does not alter its figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db.models import Exists, Model, OuterRef, Q


def filas_al(
    modelo: type[Model], al: datetime | None, *, filtro: Q | None = None, campos: Sequence[str]
) -> list[dict]:
    """`modelo`'s rows matching `filtro`, as dicts of its primary key and `campos`.

    `al` None: the table as it is now. Otherwise each object's latest historical record at or
    before `al` (deleted ones dropped), the filter applied to those recorded values. A row with
    no record at all (loaded in bulk, as the demo's sessions) has no known past: it counts as it
    is now. A row first recorded after `al` by a change (not a creation) existed untracked before,
    and its earliest record is the nearest state known. Foreign-key lookups in `filtro`
    (`mesa__region_id`) join today's related rows.
    """
    filtro = filtro or Q()
    pk = modelo._meta.pk.name
    columnas = [pk, *campos]
    if al is None:
        return list(modelo._base_manager.filter(filtro).values(*columnas))
    historia = modelo.history.all()
    hasta_al = historia.filter(history_date__lte=al)
    registradas = list(
        hasta_al.latest_of_each().exclude(history_type="-").filter(filtro).values(*columnas)
    )
    actuales = modelo._base_manager.filter(filtro).exclude(**{f"{pk}__in": historia.values(pk)})
    primeras_despues = (
        historia.filter(history_date__gt=al)
        .exclude(**{f"{pk}__in": hasta_al.values(pk)})
        .filter(
            ~Exists(
                historia.filter(
                    **{pk: OuterRef(pk)},
                    history_date__lt=OuterRef("history_date"),
                )
            )
        )
        .exclude(history_type__in=["+", "-"])
        .filter(filtro)
    )
    return [
        *registradas,
        *actuales.values(*columnas),
        *primeras_despues.values(*columnas),
    ]
