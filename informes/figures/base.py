"""What every section shares: the cut-off (`Corte`) the figures are read at, the period's
instants and the way lists of names are written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from informes.periodos import Periodo
from nucleo.models import Region

Seccion = Callable[[Region, Periodo, "Corte"], dict]


def _limites(periodo: Periodo) -> tuple[datetime, datetime]:
    """The period as aware datetimes in Chile's time: [first day 00:00, day after the end 00:00)."""
    zona = timezone.get_default_timezone()
    return (
        datetime.combine(periodo.inicio, time.min, tzinfo=zona),
        datetime.combine(periodo.fin, time.min, tzinfo=zona),
    )


def _lista(nombres: list[str]) -> str:
    """["A"] -> "A"; ["A", "B", "C"] -> "A, B y C"."""
    nombres = list(nombres)
    if len(nombres) <= 1:
        return "".join(nombres)
    return f"{', '.join(nombres[:-1])} y {nombres[-1]}"


@dataclass(frozen=True)
class Corte:
    """When the figures are read: `fecha` is the last day counted ("Datos al"); `momento` the last
    instant of that day in Chile's time, against which deadlines are measured (a deadline on
    `fecha` itself is not overdue yet); with `historial` the rows are read as recorded at
    `momento` (simple-history), so later changes leave them alone."""

    fecha: date
    momento: datetime
    historial: bool = True

    @classmethod
    def del_dia(cls, fecha: date, *, historial: bool = True) -> Corte:
        momento = datetime.combine(fecha, time.max, tzinfo=timezone.get_default_timezone())
        return cls(fecha=fecha, momento=momento, historial=historial)

    def ventana(self, periodo: Periodo) -> dict:
        desde, hasta = _limites(periodo)
        return {"desde": desde, "hasta": hasta, "ahora": self.momento, "historial": self.historial}
