"""A database that accepts connections and never answers: the page is the Spanish 503 within 10 s
(connect_timeout), not a worker hung until gunicorn kills it. And no statement runs unbounded."""

import time

import pytest
from django.conf import settings
from django.db import close_old_connections, connection
from django.test import Client

from bench.fallas import EscuchaMuda, ProxyTCP
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


def test_una_conexion_abierta_a_una_base_que_enmudece_da_503_antes_de_10_segundos(
    datos_referencia,
):
    if connection.vendor != "postgresql":
        falta_servicio("esta prueba necesita PostgreSQL")
    navegador = Client(raise_request_exception=False)
    navegador.force_login(usuario_con_rol(Rol.ARTICULADOR))
    original = dict(connection.settings_dict)
    proxy = ProxyTCP((original["HOST"] or "127.0.0.1", int(original["PORT"] or 5432)))
    connection.close()
    # As in production: the connection is kept between requests and checked before reuse.
    connection.settings_dict.update(
        HOST="127.0.0.1", PORT=str(proxy.puerto), CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True
    )
    try:
        assert navegador.get("/").status_code == 200
        assert connection.connection is not None  # kept open for the next request
        proxy.mudo = True  # the server stops answering; the TCP connection stays up

        # A real server runs close_old_connections() at request_started (it marks the kept
        # connection for a health check); Django's test client leaves that signal out.
        inicio = time.monotonic()
        close_old_connections()
        respuesta = navegador.get("/")
        duracion = time.monotonic() - inicio

        proxy.hablar()
        close_old_connections()
        despues = navegador.get("/").status_code
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
        proxy.parar()

    assert respuesta.status_code == 503
    assert "El servicio no está disponible por un momento" in respuesta.content.decode()
    assert duracion < 10, duracion
    assert despues == 200


def test_ninguna_consulta_corre_sin_limite():
    if connection.vendor != "postgresql":
        falta_servicio("esta prueba necesita PostgreSQL")
    opciones = settings.DATABASES["default"]["OPTIONS"]

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        limite = cursor.fetchone()[0]

    assert opciones["connect_timeout"] <= 5
    assert limite == "15s"
