import csv

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F

from nucleo.models import Comuna, Programa, Provincia, Region, ServicioPublico
from nucleo.territorio import DATOS

pytestmark = pytest.mark.django_db


def test_la_division_politico_administrativa_esta_completa():
    assert Region.objects.count() == 16
    assert Provincia.objects.count() == 56
    assert Comuna.objects.count() == 346


@pytest.mark.parametrize(
    ("modelo", "codigo", "nombre"),
    [
        (Region, "05", "Región de Valparaíso"),
        (Region, "13", "Región Metropolitana de Santiago"),
        (Provincia, "058", "Marga Marga"),
        (Provincia, "051", "Valparaíso"),
        (Comuna, "05101", "Valparaíso"),
        (Comuna, "05802", "Limache"),
        (Comuna, "05109", "Viña del Mar"),
        (Comuna, "13101", "Santiago"),
    ],
)
def test_codigos_cut_conocidos_conservan_el_cero_inicial(modelo, codigo, nombre):
    assert modelo.objects.get(codigo=codigo).nombre == nombre


def test_cada_comuna_pertenece_a_la_region_de_su_provincia():
    assert not Comuna.objects.exclude(region=F("provincia__region")).exists()


def test_coincide_con_la_lista_oficial_de_subdere():
    with (DATOS / "subdere_cut_2018.csv").open(encoding="utf-8") as archivo:
        oficial = {
            (f["Código Región"], f["Código Provincia"], f["Código Comuna 2018"], f["Nombre Comuna"])
            for f in csv.DictReader(archivo)
        }

    nuestras = set(Comuna.objects.values_list("region_id", "provincia_id", "codigo", "nombre"))

    assert nuestras == oficial


def test_valparaiso_tiene_8_provincias_y_38_comunas():
    region = Region.objects.get(codigo="05")

    assert region.provincias.count() == 8
    assert region.comunas.count() == 38


def test_servicios_y_programas_de_base():
    assert set(ServicioPublico.objects.values_list("sigla", flat=True)) == {
        "SENCE",
        "SENDA",
        "SENADIS",
        "SERNAMEG",
        "SEREMI de Economía",
    }
    assert Programa.objects.filter(
        servicio__codigo="sernameg", nombre="Mujeres Jefas de Hogar"
    ).exists()
    assert Programa.objects.filter(servicio__codigo="senda", nombre="Previene").exists()


@pytest.mark.django_db(transaction=True)
def test_la_migracion_de_datos_es_reversible(datos_referencia):
    executor = MigrationExecutor(connection)

    executor.migrate([("nucleo", "0001_initial")])
    vacias = Region.objects.count(), Comuna.objects.count()
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert vacias == (0, 0)
    assert Comuna.objects.count() == 346
    assert django_apps.get_model("nucleo", "Region").objects.count() == 16
