"""The regional overview of communal mesas."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from mesas.models import Mesa, Sesion
from mesas.selectors import indicadores
from mesas.selectors.mesas import comunas_sin_mesa
from omil.selectors import lineas_atrasadas_por_comuna


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
    lineas_atrasadas: int = 0
    motivos: list[str] = field(default_factory=list)

    @property
    def nivel(self) -> str:
        """ "ok", "atencion" or "atrasada": shown with colour *and* the text of `etiqueta`."""
        if not self.motivos:
            return "ok"
        return "atrasada" if len(self.motivos) >= 2 or self.acuerdos_vencidos > 2 else "atencion"

    @property
    def etiqueta(self) -> str:
        return {"ok": "Al día", "atencion": "Requiere atención", "atrasada": "Atrasada"}[self.nivel]


def panorama_regional(region_id: str, *, ahora: datetime | None = None) -> list[FilaPanorama]:
    """Every communal mesa of the region with how it keeps up (DESIGN: communal -> regional).
    Its figures come from mesas.selectors.indicadores (sessions held, minutes on time,
    agreements) and omil.selectors (overdue lines of action), as the reports' do."""
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
                sesiones.filter(estado=Sesion.Estado.REALIZADA)
                .order_by("-inicio")
                .values("inicio")[:1]
            ),
            proxima=Subquery(
                sesiones.filter(estado=Sesion.Estado.PROGRAMADA, inicio__gte=ahora)
                .order_by("inicio")
                .values("inicio")[:1]
            ),
        )
        .order_by("comuna__provincia_id", "comuna__nombre")
    )
    ids = [m.pk for m in mesas]
    semestre = {"desde": desde_semestre, "hasta": None, "ahora": ahora}
    sesiones_semestre = indicadores.sesiones_por_mesa(mesas=ids, **semestre)
    minutas = indicadores.minutas_a_tiempo(mesas=ids, **semestre)
    # Every agreement of the mesa still open, whenever it was taken.
    acuerdos = indicadores.acuerdos_por(mesas=ids, desde=None, hasta=None, ahora=ahora)
    atrasadas = lineas_atrasadas_por_comuna(regiones=[region_id], anio=hoy.year, hoy=hoy)
    filas = []
    for mesa in mesas:
        m = minutas[mesa.pk]
        fila = FilaPanorama(
            mesa=mesa,
            ultima_sesion=mesa.ultima,
            proxima_sesion=mesa.proxima,
            sesiones_semestre=sesiones_semestre[mesa.pk].realizadas,
            minutas_a_tiempo=m.a_tiempo,
            minutas_esperadas=m.esperadas,
            minutas_faltantes=m.faltantes,
            acuerdos_abiertos=acuerdos[mesa.pk].abiertos,
            acuerdos_vencidos=acuerdos[mesa.pk].vencidos,
            lineas_atrasadas=atrasadas.get(mesa.comuna_id, 0),
        )
        if mesa.ultima is None or mesa.ultima < ahora - timedelta(days=45):
            fila.motivos.append("Sin sesiones realizadas en los últimos 45 días")
        if m.faltantes:
            fila.motivos.append(f"{m.faltantes} minuta{'s' if m.faltantes > 1 else ''} sin subir")
        elif m.esperadas and m.a_tiempo < m.esperadas:
            fila.motivos.append("Minutas subidas fuera de plazo")
        if fila.acuerdos_vencidos:
            n = fila.acuerdos_vencidos
            fila.motivos.append(f"{n} acuerdo{'s' if n > 1 else ''} vencido{'s' if n > 1 else ''}")
        if fila.lineas_atrasadas:
            n = fila.lineas_atrasadas
            fila.motivos.append(
                f"{n} línea{'s' if n > 1 else ''} de acción del plan atrasada{'s' if n > 1 else ''}"
            )
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
