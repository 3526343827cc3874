"""The regional overview of communal mesas."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from mesas.models import (
    DIAS_MINUTA_A_TIEMPO,
    Acuerdo,
    Mesa,
    Sesion,
)
from mesas.selectors.mesas import comunas_sin_mesa


def inicio_semestre(hoy: date) -> date:
    return date(hoy.year, 1 if hoy.month <= 6 else 7, 1)


@dataclass
class FilaPanorama:
    mesa: Mesa
    ultima_sesion: datetime | None
    proxima_sesion: datetime | None
    sesiones_semestre: int
    minutas_a_tiempo: int
    minutas_esperadas: int
    minutas_faltantes: int
    acuerdos_abiertos: int
    acuerdos_vencidos: int
    motivos: list[str] = field(default_factory=list)

    @property
    def nivel(self) -> str:
        """ "ok", "atencion" or "atrasada": shown with colour *and* the text of `etiqueta`."""
        if not self.motivos:
            return "ok"
        return "atrasada" if len(self.motivos) >= 2 or self.acuerdos_vencidos > 2 else "atencion"

    @property
    def clase_badge(self) -> str:
        return {
            "ok": "text-bg-success",
            "atencion": "text-bg-warning",
            "atrasada": "text-bg-danger",
        }[self.nivel]

    @property
    def clase_fila(self) -> str:
        return {"ok": "", "atencion": "table-warning", "atrasada": "table-danger"}[self.nivel]

    @property
    def etiqueta(self) -> str:
        return {"ok": "Al día", "atencion": "Requiere atención", "atrasada": "Atrasada"}[self.nivel]


def panorama_regional(region_id: str, *, ahora: datetime | None = None) -> list[FilaPanorama]:
    """Every communal mesa of the region with how it keeps up (DESIGN: communal -> regional)."""
    ahora = ahora or timezone.now()
    hoy = timezone.localdate(ahora)
    desde_semestre = timezone.make_aware(
        datetime.combine(inicio_semestre(hoy), datetime.min.time())
    )
    sesiones = Sesion.objects.filter(mesa=OuterRef("pk"))
    mesas = list(
        Mesa.objects.filter(region_id=region_id, tipo=Mesa.Tipo.COMUNAL, activa=True)
        .select_related("comuna", "comuna__provincia", "coordinadora")
        .annotate(
            # Subqueries, each on the (mesa, inicio) index, not a join of every session.
            ultima=Subquery(
                sesiones.filter(estado="realizada").order_by("-inicio").values("inicio")[:1]
            ),
            proxima=Subquery(
                sesiones.filter(estado="programada", inicio__gte=ahora)
                .order_by("inicio")
                .values("inicio")[:1]
            ),
            semestre=Coalesce(
                Subquery(
                    sesiones.filter(estado="realizada", inicio__gte=desde_semestre)
                    .order_by()
                    .values("mesa")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
        )
        .order_by("comuna__provincia_id", "comuna__nombre")
    )
    acuerdos = defaultdict(lambda: {"pendiente": 0, "vencido": 0})
    for fila in (
        Acuerdo.objects.filter(mesa__in=mesas, estado__in=Acuerdo.ABIERTOS)
        .values("mesa_id", "estado")
        .annotate(n=Count("pk"))
    ):
        acuerdos[fila["mesa_id"]][fila["estado"]] = fila["n"]
    # Held sessions of the semester and when their first minute arrived.
    realizadas = (
        Sesion.objects.filter(mesa__in=mesas, estado="realizada", inicio__gte=desde_semestre)
        .annotate(
            primera_minuta=Min("minutas__created_at", filter=Q(minutas__eliminada_at__isnull=True))
        )
        .values("mesa_id", "fin", "primera_minuta")
    )
    minutas = defaultdict(lambda: [0, 0, 0])  # on time, expected, missing (past the deadline)
    plazo = timedelta(days=DIAS_MINUTA_A_TIEMPO)
    for s in realizadas:
        vence = s["fin"] + plazo
        if s["primera_minuta"] is None and vence > ahora:
            continue  # still within the deadline: not yet expected
        m = minutas[s["mesa_id"]]
        m[1] += 1
        if s["primera_minuta"] is not None and s["primera_minuta"] <= vence:
            m[0] += 1
        if s["primera_minuta"] is None:
            m[2] += 1
    filas = []
    for mesa in mesas:
        a_tiempo, esperadas, faltantes = minutas[mesa.pk]
        fila = FilaPanorama(
            mesa=mesa,
            ultima_sesion=mesa.ultima,
            proxima_sesion=mesa.proxima,
            sesiones_semestre=mesa.semestre,
            minutas_a_tiempo=a_tiempo,
            minutas_esperadas=esperadas,
            minutas_faltantes=faltantes,
            acuerdos_abiertos=acuerdos[mesa.pk]["pendiente"] + acuerdos[mesa.pk]["vencido"],
            acuerdos_vencidos=acuerdos[mesa.pk]["vencido"],
        )
        if mesa.ultima is None or mesa.ultima < ahora - timedelta(days=45):
            fila.motivos.append("Sin sesiones realizadas en los últimos 45 días")
        if faltantes:
            fila.motivos.append(f"{faltantes} minuta{'s' if faltantes > 1 else ''} sin subir")
        elif esperadas and a_tiempo < esperadas:
            fila.motivos.append("Minutas subidas fuera de plazo")
        if fila.acuerdos_vencidos:
            n = fila.acuerdos_vencidos
            fila.motivos.append(f"{n} acuerdo{'s' if n > 1 else ''} vencido{'s' if n > 1 else ''}")
        filas.append(fila)
    return filas


def panoramas(regiones: list[str]) -> list[tuple[list[FilaPanorama], list]]:
    """`panorama_regional` and `comunas_sin_mesa` of each region. They are the same for everyone
    who sees the region, so they are kept in the cache until our data changes
    (nucleo.cache.memo): the panorama page and the home panel share them."""
    from nucleo.cache import memo

    return memo(
        [
            ("mesas:panorama", (r,), lambda r=r: (panorama_regional(r), list(comunas_sin_mesa(r))))
            for r in regiones
        ]
    )
