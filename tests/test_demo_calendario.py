"""The demo data keeps the calendar rules the app enforces: no mesa meets twice on one day, no
session or visit on a weekend or a (national or regional) holiday, a series' sessions on its
weekday, one visit per company and day, no two companies with near-identical names."""

import io
import re
import unicodedata
from collections import Counter

import pytest
from django.core.management import call_command

from empresas.models import Empresa, VisitaEmpresa
from mesas import reglas
from mesas.models import Serie, Sesion
from nucleo import calendario

pytestmark = pytest.mark.django_db

SUFIJOS_LEGALES = r"\b(spa|ltda|sa|eirl|limitada)\b"


def _clave(nombre: str) -> str:
    texto = unicodedata.normalize("NFKD", nombre).encode("ascii", "ignore").decode().lower()
    texto = re.sub(r"[.\-]", "", texto)
    return re.sub(r"[^a-z0-9]", "", re.sub(SUFIJOS_LEGALES, "", texto))


def _revisar_sesiones() -> None:
    dias = Counter()
    for sesion in Sesion.objects.exclude(estado="suspendida").select_related(
        "mesa", "mesa__comuna"
    ):
        zona = reglas.zona_de_mesa(sesion.mesa)
        dia = calendario.hora_local(sesion.inicio, zona).date()
        dias[(sesion.mesa_id, dia)] += 1
        assert calendario.es_habil(dia, sesion.mesa.region_id), (
            f"{sesion.mesa}: sesión el {dia:%d-%m-%Y} "
            f"({calendario.feriado(dia, sesion.mesa.region_id) or 'fin de semana'})"
        )
    repetidos = [clave for clave, n in dias.items() if n > 1]
    assert not repetidos, f"mesas con dos sesiones el mismo día: {repetidos[:5]}"
    for serie in Serie.objects.select_related("mesa", "mesa__comuna"):
        regla = reglas.interpretar(serie.regla)
        if regla.dia_semana is None:
            continue
        zona = reglas.zona_de_mesa(serie.mesa)
        for sesion in serie.sesiones.all():
            dia = calendario.hora_local(sesion.inicio, zona).date()
            assert dia.weekday() == regla.dia_semana, f"{serie}: {dia:%d-%m-%Y}"


def _revisar_empresas() -> None:
    visitas = Counter()
    for visita in VisitaEmpresa.objects.select_related("empresa__comuna"):
        comuna = visita.empresa.comuna
        dia = calendario.hora_local(visita.inicio, comuna.zona_horaria).date()
        visitas[(visita.empresa_id, dia)] += 1
        assert calendario.es_habil(dia, comuna.region_id), f"visita el {dia:%d-%m-%Y}"
    repetidas = [clave for clave, n in visitas.items() if n > 1]
    assert not repetidas, f"empresas con dos visitas el mismo día: {repetidas[:5]}"
    claves = Counter(_clave(n) for n in Empresa.objects.values_list("razon_social", flat=True))
    parecidas = [clave for clave, n in claves.items() if n > 1]
    assert not parecidas, f"razones sociales casi iguales: {parecidas[:5]}"


def test_la_demo_regional_respeta_el_calendario():
    call_command("seed_demo", force=True, stdout=io.StringIO())

    _revisar_sesiones()
    _revisar_empresas()


def test_la_demo_nacional_respeta_el_calendario():
    call_command("seed_demo", force=True, national=True, years=1, stdout=io.StringIO())

    _revisar_sesiones()
    _revisar_empresas()
