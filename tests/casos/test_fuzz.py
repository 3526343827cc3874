"""Every case file, truncated at several points and with garbled bytes, under every name a reader
accepts, through every reader of a user's file (company import, minute upload, plan's signed
document, convenio PDF): each is accepted or refused with a Spanish message — never an exception,
never a 500 — in bounded time. The damage is deterministic (fixed seed), so a failure repeats."""

import random
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from empresas import importacion
from nucleo.archivos import DOCUMENTOS, validar_archivo
from nucleo.models import Rol
from tests.factories import (
    PlanComunalFactory,
    SesionFactory,
    mesa_comunal,
    omil_de,
    usuario_con_rol,
)

CASOS = sorted((Path(__file__).parent / "archivos").iterdir())
EXTENSIONES = ["pdf", "docx", "odt", "xlsx", "csv"]
SEGUNDOS_POR_LECTURA = 5  # the slowest healthy read is well under a second


def danados(contenido: bytes, semilla: str) -> list[tuple[str, bytes]]:
    """Truncated and garbled copies of a file."""
    azar = random.Random(semilla)
    n = len(contenido)
    copias = [(f"cortado-{p}", contenido[: n * p // 100]) for p in (1, 10, 50, 90)]
    copias.append(("sin-ultimo-byte", contenido[:-1]))
    for ronda in range(3):
        bytes_ = bytearray(contenido)
        for _ in range(1 + ronda * 10):
            bytes_[azar.randrange(n)] = azar.randrange(256)
        copias.append((f"alterado-{ronda}", bytes(bytes_)))
    mitad = bytearray(contenido)
    inicio = azar.randrange(n // 2)
    mitad[inicio : inicio + n // 4] = bytes(azar.randrange(256) for _ in range(n // 4))
    copias.append(("bloque-alterado", bytes(mitad)))
    return copias


def _importacion(archivo):
    documento = validar_archivo(
        archivo, permitidas=importacion.PERMITIDAS, tamano_maximo=importacion.TAMANO_MAXIMO
    )
    lectura = importacion.leer_filas(archivo, documento.extension)
    importacion.analizar(lectura, None, comunas={"05802": "05802", "limache": "05802"})


LECTORES = {
    "importación": _importacion,
    "minuta": lambda archivo: validar_archivo(archivo, permitidas=DOCUMENTOS),
    "plan": lambda archivo: validar_archivo(archivo, permitidas=frozenset({"pdf"})),
    "convenio": lambda archivo: validar_archivo(archivo, permitidas=frozenset({"pdf"})),
}


def _espanol(mensaje: str) -> bool:
    ingles = ("Traceback", "Error:", "Exception", "object has no", "None", "invalid")
    return bool(mensaje) and mensaje[0].isupper() and not any(p in mensaje for p in ingles)


@pytest.mark.django_db
@pytest.mark.parametrize("caso", CASOS, ids=[c.name for c in CASOS])
def test_copias_danadas_de_cada_caso_por_cada_lector(caso):
    resultados = {"aceptados": 0, "rechazados": 0}
    inicio_total = time.perf_counter()

    for nombre_copia, contenido in [
        ("original", caso.read_bytes()),
        *danados(caso.read_bytes(), caso.name),
    ]:
        for extension in EXTENSIONES:
            for lector, leer in LECTORES.items():
                archivo = SimpleUploadedFile(f"{caso.stem}.{extension}", contenido)
                inicio = time.perf_counter()
                try:
                    leer(archivo)
                except ValidationError as error:
                    assert _espanol(error.messages[0]), (nombre_copia, extension, lector, error)
                    resultados["rechazados"] += 1
                else:
                    resultados["aceptados"] += 1
                segundos = time.perf_counter() - inicio
                assert segundos < SEGUNDOS_POR_LECTURA, (nombre_copia, extension, lector, segundos)

    assert resultados["aceptados"] >= 1  # the original is read by the reader it was made for
    assert time.perf_counter() - inicio_total < 60


@pytest.mark.django_db
@pytest.mark.parametrize("caso", CASOS, ids=[c.name for c in CASOS])
def test_copias_danadas_por_las_paginas_nunca_dan_500(client, caso):
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO)
    omil = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))
    plan = PlanComunalFactory(estado="aprobado")  # where the signed plan is accepted
    sesion = SesionFactory(
        mesa=mesa_comunal("05802"),
        inicio=timezone.now() - timedelta(days=1),
        estado="realizada",
    )
    copias = danados(caso.read_bytes(), caso.name)
    extension = caso.suffix.lstrip(".")
    paginas = []
    if extension in importacion.PERMITIDAS:
        paginas.append((ejecutivo, reverse("empresas:importar")))
    if extension in DOCUMENTOS:
        paginas.append((omil, reverse("mesas:minuta_create", args=[sesion.pk])))
    if extension == "pdf":
        paginas.append((omil, reverse("omil:plan_documento", args=[plan.pk])))

    for nombre_copia, contenido in [copias[2], copias[5], copias[7]]:
        for usuario, url in paginas:
            client.force_login(usuario)
            archivo = SimpleUploadedFile(caso.name, contenido)
            respuesta = client.post(url, {"archivo": archivo}, follow=True)
            assert respuesta.status_code == 200, (nombre_copia, url, respuesta.status_code)
