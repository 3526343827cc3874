"""Report periods: a month ("2026-10") or a semester ("2026-S1": January–June, "2026-S2")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

MESES = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
]  # fmt: skip
MENSUAL = "mensual"
SEMESTRAL = "semestral"


@dataclass(frozen=True, order=True)
class Periodo:
    tipo: str
    anio: int
    numero: int  # month 1–12, or semester 1–2

    @classmethod
    def desde_texto(cls, tipo: str, texto: str) -> Periodo:
        texto = (texto or "").strip().upper()
        if tipo == MENSUAL:
            coincide = re.fullmatch(r"(\d{4})-(\d{2})", texto)
            if not coincide or not 1 <= int(coincide[2]) <= 12:
                raise ValidationError(
                    "Periodo mensual mal escrito: use el formato AAAA-MM, por ejemplo 2026-10.",
                    code="periodo",
                )
        elif tipo == SEMESTRAL:
            coincide = re.fullmatch(r"(\d{4})-S([12])", texto)
            if not coincide:
                raise ValidationError(
                    "Periodo semestral mal escrito: use AAAA-S1 (enero a junio) o AAAA-S2 "
                    "(julio a diciembre), por ejemplo 2026-S1.",
                    code="periodo",
                )
        else:
            raise ValidationError("Tipo de informe desconocido.", code="tipo")
        anio = int(coincide[1])
        if not 2016 <= anio <= 2100:
            raise ValidationError("El año del periodo está fuera de rango.", code="periodo")
        return cls(tipo=tipo, anio=anio, numero=int(coincide[2]))

    @property
    def codigo(self) -> str:
        return (
            f"{self.anio}-{self.numero:02d}"
            if self.tipo == MENSUAL
            else f"{self.anio}-S{self.numero}"
        )

    @property
    def inicio(self) -> date:
        mes = self.numero if self.tipo == MENSUAL else 1 + 6 * (self.numero - 1)
        return date(self.anio, mes, 1)

    @property
    def fin(self) -> date:
        """First day after the period (exclusive end)."""
        meses = 1 if self.tipo == MENSUAL else 6
        mes = self.inicio.month + meses
        return date(self.anio + (mes - 1) // 12, (mes - 1) % 12 + 1, 1)

    @property
    def nombre(self) -> str:
        if self.tipo == MENSUAL:
            return f"{MESES[self.numero - 1]} de {self.anio}"
        return f"{'primer' if self.numero == 1 else 'segundo'} semestre de {self.anio}"

    def anterior(self) -> Periodo:
        if self.tipo == MENSUAL:
            return Periodo(
                MENSUAL, self.anio - (self.numero == 1), 12 if self.numero == 1 else self.numero - 1
            )
        return Periodo(SEMESTRAL, self.anio - (self.numero == 1), 2 if self.numero == 1 else 1)

    def es_futuro(self, hoy: date) -> bool:
        return self.inicio > hoy

    def meses(self) -> list[tuple[int, int]]:
        """(year, month) of each month in the period."""
        inicio = self.inicio
        n = 1 if self.tipo == MENSUAL else 6
        return [(inicio.year, inicio.month + i) for i in range(n)]

    @classmethod
    def ultimo_cerrado(cls, tipo: str, hoy: date) -> Periodo:
        """The last complete period before `hoy` (what the beat schedule builds)."""
        if tipo == MENSUAL:
            return cls(MENSUAL, hoy.year, hoy.month).anterior()
        return cls(SEMESTRAL, hoy.year, 1 if hoy.month <= 6 else 2).anterior()
