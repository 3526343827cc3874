"""Open data (issue 18): each region's CSV and JSON files, built from the indicator selectors,
validate against the schemas of their datapackage.json, carry no personal data, and are served
without login with a page documenting each field."""

import csv
import io
import json
from datetime import date

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from informes import datos_abiertos
from mesas.selectors.indicadores import asistencia_por_institucion_en
from nucleo.models import Region, Rol
from tests.factories import (
    AcuerdoFactory,
    AsistenciaFactory,
    ConvenioFactory,
    PlanComunalFactory,
    SesionFactory,
    mesa_comunal,
    oficina,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def red():
    mesa = mesa_comunal("05802", miembros=("senadis",))
    persona = usuario_con_rol(Rol.REPRESENTANTE, first_name="Perpetua", email="perpetua@x.cl")
    sesion = SesionFactory(mesa=mesa, estado="realizada")
    AsistenciaFactory(sesion=sesion, persona=persona, estado="asistio", email=persona.email)
    AsistenciaFactory(sesion=sesion, institucion=oficina("senda"), estado="ausente")
    AcuerdoFactory(sesion=sesion, estado="cumplido")
    AcuerdoFactory(sesion=sesion, fecha_limite=date(2020, 1, 1))
    PlanComunalFactory(anio=timezone.localdate().year)
    ConvenioFactory(nombre="Convenio SENCE–SENADIS", recursos_comprometidos=5_000_000)
    return {"mesa": mesa, "persona": persona, "region": Region.objects.get(codigo="05")}


def _leer(nombre: str) -> str:
    with default_storage.open(nombre, "rb") as archivo:
        return archivo.read().decode("utf-8")


def _celda_valida(valor: str, campo: dict) -> bool:
    """A CSV cell against its Table Schema field (the types our files use)."""
    if valor == "":
        return not campo["constraints"]["required"] or campo["type"] == "string"
    tipo = campo["type"]
    try:
        if tipo == "integer":
            int(valor)
        elif tipo == "number":
            float(valor)
        elif tipo == "date":
            date.fromisoformat(valor)
        elif tipo == "boolean":
            return valor in ("true", "false")
    except ValueError:
        return False
    return True


def test_los_archivos_validan_contra_su_esquema(red):
    escritos = datos_abiertos.publicar(red["region"])

    paquete = json.loads(_leer(datos_abiertos.ruta("05", "datapackage.json")))
    assert len(escritos) == 2 * len(datos_abiertos.CONJUNTOS) + 1
    for recurso in paquete["resources"]:
        texto = _leer(datos_abiertos.ruta("05", recurso["path"]))
        if recurso["format"] == "json":
            validador = Draft202012Validator(recurso["jsonSchema"], format_checker=FormatChecker())
            errores = list(validador.iter_errors(json.loads(texto)))
            assert not errores, (recurso["path"], [e.message for e in errores])
        else:
            campos = recurso["schema"]["fields"]
            filas = list(csv.reader(io.StringIO(texto)))
            assert filas[0] == [c["name"] for c in campos], recurso["path"]
            for fila in filas[1:]:
                assert len(fila) == len(campos)
                malas = [
                    c["name"] for v, c in zip(fila, campos, strict=True) if not _celda_valida(v, c)
                ]
                assert not malas, (recurso["path"], fila, malas)


def test_las_cifras_son_las_de_los_indicadores(red):
    filas = datos_abiertos.filas(red["region"])

    mesa = next(f for f in filas["mesas"] if f["mesa_id"] == red["mesa"].pk)
    assert (mesa["sesiones_programadas"], mesa["sesiones_realizadas"]) == (1, 1)
    acuerdos = next(f for f in filas["acuerdos"] if f["mesa_id"] == red["mesa"].pk)
    assert (acuerdos["tomados"], acuerdos["cumplidos"], acuerdos["vencidos"]) == (2, 1, 1)
    esperada = asistencia_por_institucion_en(
        mesas=[red["mesa"].pk], desde=None, hasta=None, ahora=timezone.now()
    )
    assert [(f["institucion"], f["porcentaje_asistencia"]) for f in filas["asistencia"]] == [
        (a.nombre, a.porcentaje) for a in esperada
    ]
    assert [f["comuna"] for f in filas["planes"]] == ["Limache"]
    assert [f["recursos_comprometidos"] for f in filas["convenios"]] == [5_000_000]


def test_sin_datos_personales(red):
    datos_abiertos.publicar(red["region"])

    for c in datos_abiertos.CONJUNTOS:
        for extension in ("csv", "json"):
            texto = _leer(datos_abiertos.ruta("05", f"{c.nombre}.{extension}"))
            assert "Perpetua" not in texto
            assert "@" not in texto  # no e-mail address of anyone


def test_la_pagina_documenta_cada_campo_sin_login(client, red):
    respuesta = client.get("/oferta/datos/05/")

    texto = respuesta.content.decode()
    assert respuesta.status_code == 200
    for c in datos_abiertos.CONJUNTOS:
        assert f"{c.nombre}.csv" in texto
        for campo in c.campos:
            assert f"<code>{campo.nombre}</code>" in texto


def test_los_archivos_se_descargan_sin_login(client, red):
    csv_ = client.get("/oferta/datos/05/mesas.csv")
    paquete = client.get("/oferta/datos/05/datapackage.json")

    assert csv_.status_code == 200
    assert csv_["Content-Type"] == "text/csv; charset=utf-8"
    assert b"".join(csv_.streaming_content).startswith(b"mesa_id,tipo,nombre")
    assert json.loads(b"".join(paquete.streaming_content))["licenses"][0]["name"] == "CC-BY-4.0"


def test_un_archivo_desconocido_o_una_region_inexistente_responden_404(client, red):
    assert client.get("/oferta/datos/05/usuarios.csv").status_code == 404
    assert client.get("/oferta/datos/05/..%2Fsecretos.json").status_code == 404
    assert client.get("/oferta/datos/99/mesas.csv").status_code == 404


def test_la_region_enlaza_sus_datos_abiertos(client, red):
    oficina("senadis")

    texto = client.get("/oferta/region/05/").content.decode()

    assert 'href="/oferta/datos/05/"' in texto


def test_beat_los_publica_cada_dia():
    tarea = settings.CELERY_BEAT_SCHEDULE["informes-datos-abiertos"]

    assert tarea["task"] == "informes.tasks.publicar_datos_abiertos"
    assert tarea["schedule"].hour == {4}


def test_la_tarea_publica_las_regiones_con_mesas(red):
    from informes.tasks import publicar_datos_abiertos

    assert publicar_datos_abiertos() == 2 * len(datos_abiertos.CONJUNTOS) + 1
    assert default_storage.exists(datos_abiertos.ruta("05", "convenios.json"))
