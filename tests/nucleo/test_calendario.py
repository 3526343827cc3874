"""The one calendar rule set: zones of each place, regional holidays, business days."""

import importlib.resources
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest

from nucleo import calendario
from nucleo.models import Comuna, Region

pytestmark = pytest.mark.django_db


def test_la_base_de_zonas_viene_del_paquete_tzdata_fijado_y_no_del_sistema():
    # given the settings were imported (pytest-django does it first)

    # when Coyhaique's zone is loaded
    zona = zoneinfo.ZoneInfo("America/Coyhaique")

    # then no system path is searched, and the rules are those of the tzdata package
    assert zoneinfo.TZPATH == ()
    archivo = importlib.resources.files("tzdata.zoneinfo").joinpath("America/Coyhaique")
    with archivo.open("rb") as datos:
        del_paquete = zoneinfo.ZoneInfo.from_file(datos, key="America/Coyhaique")
    instante = datetime(2026, 7, 1, 12, tzinfo=UTC)
    assert instante.astimezone(zona).utcoffset() == instante.astimezone(del_paquete).utcoffset()
    assert instante.astimezone(zona).utcoffset() == timedelta(hours=-3)  # no winter time


@pytest.mark.parametrize(
    ("codigo", "zona"),
    [
        ("05201", "Pacific/Easter"),
        ("05101", "America/Santiago"),
        ("12101", "America/Punta_Arenas"),
        ("12202", "America/Punta_Arenas"),
        ("11101", "America/Coyhaique"),
        ("15101", "America/Santiago"),
    ],
)
def test_cada_comuna_tiene_su_zona_horaria(codigo, zona):
    assert Comuna.objects.get(codigo=codigo).zona_horaria == zona


def test_toda_zona_cargada_existe_en_la_base_de_zonas():
    for nombre in Comuna.objects.values_list("zona_horaria", flat=True).distinct():
        zoneinfo.ZoneInfo(nombre)


def test_la_subdivision_de_feriados_de_cada_region_coincide_con_su_codigo_iso():
    soportadas = set(holidays.country_holidays("CL").subdivisions)

    for region in Region.objects.all():
        subdivision = calendario.SUBDIVISION_POR_REGION[region.codigo]
        assert region.codigo_iso == f"CL-{subdivision}"
        assert subdivision in soportadas


def test_feriado_regional_de_arica_solo_en_arica_y_parinacota():
    dia = date(2027, 6, 7)

    assert calendario.feriado(dia, "15") == "Asalto y Toma del Morro de Arica"
    assert calendario.feriado(dia, "05") == ""
    assert calendario.feriado(dia) == ""


def test_feriado_nacional_en_toda_region():
    assert calendario.feriado(date(2027, 1, 1), "05") == "Año Nuevo"
    assert calendario.feriado(date(2027, 1, 1), "12") == "Año Nuevo"


def test_un_feriado_ofrece_mismo_dia_anterior_y_siguiente_y_el_siguiente_habil():
    # given Monday 07-06-2027, a holiday in Arica

    opciones = calendario.alternativas(date(2027, 6, 7), "15")

    assert [(o.fecha, o.etiqueta) for o in opciones] == [
        (date(2027, 5, 31), "lunes anterior"),
        (date(2027, 6, 8), "siguiente día hábil"),
        (date(2027, 6, 14), "lunes siguiente"),
    ]


def test_hora_de_isla_de_pascua_y_de_santiago():
    inicio = calendario.en_zona(date(2027, 6, 7), time(10), "Pacific/Easter")

    assert calendario.hora_con_zona(inicio, "Pacific/Easter", "America/Santiago") == (
        "10:00 hora de Isla de Pascua · 12:00 en Santiago"
    )
    assert calendario.hora_con_zona(inicio, "America/Santiago", "America/Santiago") == "12:00"


@pytest.mark.parametrize(
    ("dia", "utc"),
    [
        # Chile (and the island, two hours behind) leaves summer time on the first Sunday of
        # April 2027 (04-04) and returns on the first Sunday of September (05-09).
        (date(2027, 4, 3), 15),
        (date(2027, 4, 5), 16),
        (date(2027, 9, 4), 16),
        (date(2027, 9, 6), 15),
    ],
)
def test_isla_de_pascua_a_ambos_lados_del_cambio_de_horario(dia, utc):
    inicio = calendario.en_zona(dia, time(10), "Pacific/Easter")

    assert inicio.astimezone(UTC).hour == utc
    assert calendario.hora_local(inicio, "Pacific/Easter").hour == 10


def test_un_sabado_feriado_ofrece_el_siguiente_dia_habil():
    # 18-09-2027 is a Saturday and a holiday; 19-09 a Sunday and a holiday
    opciones = calendario.alternativas(date(2027, 9, 18), "05")

    assert [(o.fecha, o.etiqueta) for o in opciones] == [(date(2027, 9, 20), "siguiente día hábil")]
