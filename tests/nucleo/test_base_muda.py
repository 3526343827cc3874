"""A database that accepts connections and never answers: the page is the Spanish 503 within 10 s
(connect_timeout), not a worker hung until gunicorn kills it. And no statement runs unbounded."""

import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from bench.fallas import EscuchaMuda
from nucleo.models import Rol
from tests.conftest import falta_servicio
from tests.factories import usuario_con_rol

pytestmark = pytest.mark.django_db(transaction=True)


def test_base_que_no_responde_da_503_en_castellano_antes_de_10_segundos(datos_referencia):
    usuario = usuario_con_rol(Rol.ARTICULADOR)
    navegador = Client(raise_request_exception=False)
    navegador.force_login(usuario)  # the session is written while the database answers
    muda = EscuchaMuda()
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(muda.puerto))
    try:
        inicio = time.monotonic()
        respuesta = navegador.get("/")
        duracion = time.monotonic() - inicio
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
        muda.parar()

    assert respuesta.status_code == 503
    assert "El servicio no está disponible por un momento" in respuesta.content.decode()
    assert respuesta["Retry-After"] == "30"
    assert duracion < 10, duracion
    assert muda.conexiones, "la petición no llegó a intentar la base muda"
    # When the database answers again, the same process serves the page.
    assert navegador.get("/").status_code == 200


def test_ninguna_consulta_corre_sin_limite():
    if connection.vendor != "postgresql":
        falta_servicio("esta prueba necesita PostgreSQL")
    opciones = settings.DATABASES["default"]["OPTIONS"]

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        limite = cursor.fetchone()[0]

    assert opciones["connect_timeout"] <= 5
    assert limite == "15s"
