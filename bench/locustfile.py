"""Load test: demo users browsing the main pages (`make bench` runs it headless on loopback).

Every virtual user logs in (GET the form, POST the password) as one of the Valparaíso demo users,
in turn articuladora, omil.limache, senadis, director, then opens the pages of its role, weighted,
with 1–5 s of think time. The pages and their ids come from BENCH_RUTAS (JSON written by
`python -m bench.paginas --solo-descubrir`).

The server runs the production settings behind an imaginary TLS proxy: every request carries
`X-Forwarded-Proto: https` (production trusts it, SECURE_PROXY_SSL_HEADER), so Django issues its
`__Host-` Secure cookies and checks the Referer of the login POST exactly as in production. The
client's cookie policy sends those Secure cookies over the loopback's plain HTTP
(PoliticaTrasProxy); nothing in the server is relaxed for the test.

The users are locust's FastHttpUser (geventhttpclient), not HttpUser (requests): locust runs on
the same 2 cores as the server, and the cheaper client leaves more of them to the server (about
a fifth of HttpUser's CPU per request, locust's documentation says; `make bench` reports what
locust took).

Each request (status 200 expected, redirects are NOT followed, so a lost session counts as an
error) is also recorded with its exact duration; at the end the samples are written to
BENCH_LOCUST_SALIDA for bench.correr to compute exact percentiles.

The capacity knee (issue 19): with BENCH_ESCALONES="50,100,200,…" the run is a stepped load
shape (Escalones). Each step adds users at BENCH_TASA per second until every user of the step has
logged in, lets the login burst settle for BENCH_ASENTAR seconds, then holds a steady window of
BENCH_VENTANA seconds. A step whose window has p95 ≥ 250 ms or any error (ramp included) ends
the run: the step before it is the knee. The steps' times go out with the samples.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from http.cookiejar import DefaultCookiePolicy

from locust import FastHttpUser, LoadTestShape, between, events, task

from bench.estadistica import Escalonador

CONTRASENA = os.environ.get("BENCH_CONTRASENA", "mesas-demo")
ROLES = ["articuladora", "omil.limache", "senadis", "director"]
_turno = itertools.count()
_ingresados = itertools.count(1)
_muestras: list[tuple[str, float, bool, float]] = []  # (name, ms, ok, timestamp)
_ventana: dict[str, float] = {}
_escalones: list[dict] = []
_logins = {"hechos": 0}  # users whose on_start (login) has ended, whatever its outcome


def _rutas() -> dict[str, list[dict]]:
    ruta = os.environ.get("BENCH_RUTAS")
    if not ruta:
        raise SystemExit("Falta BENCH_RUTAS (JSON de bench.paginas --solo-descubrir).")
    with open(ruta, encoding="utf-8") as archivo:
        paginas = json.load(archivo)["paginas"]
    por_usuario: dict[str, list[dict]] = {}
    for p in paginas:
        por_usuario.setdefault(p["usuario"], []).append(p)
    return por_usuario


RUTAS = _rutas()


@events.test_start.add_listener
def _inicio(**_):
    _ventana["inicio"] = time.time()


@events.request.add_listener
def _registrar(name, response_time, exception, **_):
    _muestras.append((name, response_time, exception is None, time.time()))


@events.test_stop.add_listener
def _fin(**_):
    _ventana["fin"] = time.time()
    salida = os.environ.get("BENCH_LOCUST_SALIDA")
    if salida:
        with open(salida, "w", encoding="utf-8") as archivo:
            json.dump(
                {"ventana": _ventana, "muestras": _muestras, "escalones": _escalones}, archivo
            )


class PoliticaTrasProxy(DefaultCookiePolicy):
    """The browser's side of the TLS proxy: the page is https for the browser, so the server's
    Secure cookies go back although the loopback hop is plain HTTP. (The server still sets Secure
    and __Host-; every other rule of the standard policy applies.)"""

    def return_ok_secure(self, cookie, request):
        return True


class Usuario(FastHttpUser):
    default_headers = {"X-Forwarded-Proto": "https"}
    wait_time = between(
        float(os.environ.get("BENCH_ESPERA_MIN", "1")),
        float(os.environ.get("BENCH_ESPERA_MAX", "5")),
    )

    def on_start(self):
        self.username = ROLES[next(_turno) % len(ROLES)]
        paginas = RUTAS[self.username]
        self.urls = [p["url"] for p in paginas]
        self.nombres = [f"{p['clave']} {p['url']}" for p in paginas]
        self.pesos = [p["peso"] for p in paginas]
        # A TLS proxy in front: secure cookies travel, Django sees https.
        self.client.cookiejar.set_policy(PoliticaTrasProxy())
        self._ingresar()
        _logins["hechos"] += 1
        if next(_ingresados) >= self.environment.runner.target_user_count:
            # Every user has logged in: from here on the load is steady, which is what the p95
            # target is about (logins are a burst of deliberately slow password hashing).
            _ventana.setdefault("estable", time.time())
            marca = os.environ.get("BENCH_LOCUST_MARCA")
            if marca:
                open(marca, "w").close()

    def _ingresar(self):
        with self.client.get(
            "/cuenta/login/", name="login (formulario)", catch_response=True
        ) as respuesta:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', respuesta.text)
            if respuesta.status_code != 200 or not token:
                respuesta.failure(f"formulario de ingreso: {respuesta.status_code}")
                return
        with self.client.post(
            "/cuenta/login/",
            data={
                "username": self.username,
                "password": CONTRASENA,
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": f"https://{self.host.split('://', 1)[1]}/cuenta/login/"},
            name="login (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as respuesta:
            if respuesta.status_code != 302:
                respuesta.failure(f"{self.username} no pudo ingresar: {respuesta.status_code}")

    @task
    def navegar(self):
        i = random.choices(range(len(self.urls)), weights=self.pesos)[0]
        with self.client.get(
            self.urls[i], name=self.nombres[i], allow_redirects=False, catch_response=True
        ) as respuesta:
            if respuesta.status_code != 200:
                respuesta.failure(f"respondió {respuesta.status_code}")


if os.environ.get("BENCH_ESCALONES"):

    class Escalones(LoadTestShape):
        """locust's side of bench.estadistica.Escalonador (the steps, the stop rule)."""

        def __init__(self):
            super().__init__()
            self.escalonador = Escalonador(
                [int(x) for x in os.environ["BENCH_ESCALONES"].split(",") if x.strip()],
                tasa=float(os.environ.get("BENCH_TASA", "5")),
                asentar=float(os.environ.get("BENCH_ASENTAR", "10")),
                ventana=float(os.environ.get("BENCH_VENTANA", "45")),
                hechos=_escalones,
            )

        def tick(self):
            return self.escalonador.tick(time.time(), _logins["hechos"], _muestras)
