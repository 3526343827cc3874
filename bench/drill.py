"""Fault drills (`make drill`): on a fresh database, the faults of issue 16 in turn, each against
real processes on loopback that this command starts and stops itself (gunicorn, a Celery worker
with beat, a Redis of its own, a TCP proxy in front of PostgreSQL). Prints a table — fault,
requests made, errors seen, data lost, time to recover — and writes it into docs/security.md.

    python -m bench.drill [--sin-documento]

DRILL_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/mesas_drill) is dropped and
created again. An «error» is a 5xx answer, a connection failure, or an answer other than the one
promised (e.g. not the Spanish 503 within 10 s); «data lost» is what a person did and the system
then does not have (an e-mail not sent or sent twice, a report never built, an answer or an upload
not stored).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from bench.fallas import (
    RAIZ,
    ProxyTCP,
    RedisPropio,
    Trabajador,
    esperar_puerto,
    puerto_libre,
)

BASE = os.environ.get("DRILL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mesas_drill")
CLAVE = "mesas-demo"
DOCUMENTO = RAIZ / "docs" / "security.md"
INICIO, FIN = "<!-- simulacro:inicio -->", "<!-- simulacro:fin -->"


@dataclass
class Fila:
    falla: str
    pedidos: int = 0
    errores: int = 0
    perdidos: int = 0
    recuperacion: str = "—"
    nota: str = ""


class Contador:
    def __init__(self):
        self.pedidos = 0
        self.errores = 0
        self.detalle: list[str] = []
        self._cerrojo = threading.Lock()

    def anotar(self, bien: bool, detalle: str = "") -> None:
        with self._cerrojo:
            self.pedidos += 1
            if not bien:
                self.errores += 1
                self.detalle.append(detalle)


# --- The stack ------------------------------------------------------------------------------------


def base_nueva() -> None:
    import psycopg

    partes = urlsplit(BASE)
    nombre = partes.path.lstrip("/")
    with psycopg.connect(
        host=partes.hostname, port=partes.port or 5432, user=partes.username, dbname="postgres",
        autocommit=True,
    ) as conexion:  # fmt: skip
        conexion.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
        conexion.execute(f'CREATE DATABASE "{nombre}"')


def url_por(puerto: int) -> str:
    partes = urlsplit(BASE)
    return f"postgres://{partes.username}@127.0.0.1:{puerto}{partes.path}"


class Web:
    """gunicorn, as in the Dockerfile (3 workers, --timeout 25)."""

    def __init__(self, directorio: Path, entorno: dict):
        self.puerto = puerto_libre()
        self.url = f"http://127.0.0.1:{self.puerto}"
        self.registro = (directorio / f"web-{self.puerto}.log").open("w")
        self.proceso = __import__("subprocess").Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind",
             f"127.0.0.1:{self.puerto}", "--workers", "3", "--timeout", "25",
             "--graceful-timeout", "5"],
            cwd=RAIZ, env=entorno, stdout=self.registro, stderr=self.registro,
        )  # fmt: skip
        esperar_puerto(self.puerto, 120)

    def parar(self) -> None:
        if self.proceso.poll() is None:
            self.proceso.terminate()
            try:
                self.proceso.wait(15)
            except Exception:
                self.proceso.kill()
        self.registro.close()


def navegador(web: Web, usuario: str | None = None):
    import requests

    sesion = requests.Session()
    sesion.headers["Referer"] = web.url + "/"
    if usuario:
        pagina = sesion.get(f"{web.url}/cuenta/login/", timeout=30)
        sesion.post(
            f"{web.url}/cuenta/login/",
            data={"username": usuario, "password": CLAVE, "csrfmiddlewaretoken": token(pagina)},
            timeout=30,
        )
    return sesion


def token(respuesta) -> str:
    hallado = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', respuesta.text)
    return hallado[1] if hallado else ""


def pedir(contador: Contador, metodo, url: str, *, esperado=(200, 302), **kwargs):
    try:
        respuesta = metodo(url, timeout=60, allow_redirects=False, **kwargs)
    except Exception as error:
        contador.anotar(False, f"{url}: {type(error).__name__}")
        return None
    contador.anotar(respuesta.status_code in esperado, f"{url}: {respuesta.status_code}")
    return respuesta


def esperar(condicion, segundos: float) -> float | None:
    """Seconds until `condicion()` holds, or None if it never did within `segundos`."""
    inicio = time.monotonic()
    while time.monotonic() - inicio < segundos:
        if condicion():
            return time.monotonic() - inicio
        time.sleep(0.5)
    return None


def segundos(valor: float | None) -> str:
    return "no se recuperó" if valor is None else f"{valor:.1f} s"


# --- The drills -----------------------------------------------------------------------------------


def plan_de_prueba():
    from nucleo.models import Comuna
    from omil.models import LineaAccion, PlanComunal

    plan = PlanComunal.objects.create(
        comuna=Comuna.objects.get(codigo="05802"),
        anio=2030,
        poblaciones_foco=["discapacidad"],
        diagnostico="Simulacro: baja participación laboral de personas con discapacidad.",
    )
    LineaAccion.objects.create(
        plan=plan, orden=1, actividad="Feria laboral inclusiva", meta_numero=20,
        meta_unidad="personas", plazo=date(2030, 10, 31),
    )  # fmt: skip
    return plan


def simulacro_redis(web: Web, redis: RedisPropio, trabajador: Trabajador) -> Fila:
    """Redis stopped in the middle of page use (plan transitions that send e-mail) and of report
    requests; started again; everything a person did must go out, once."""
    from informes.models import Informe
    from nucleo.models import TareaPendiente
    from omil import selectors

    plan = plan_de_prueba()
    omil, sence = navegador(web, "omil.limache"), navegador(web, "articuladora")
    director = navegador(web, "director")
    contador = Contador()
    pasos = [("omil", "enviar", {}), ("sence", "observar", {"comentario": "Falta la meta."})] * 6
    esperados = 0
    caida = vuelta = None
    informes = {"2025-01", "2025-02", "2025-03"}
    for numero, (quien, accion, datos) in enumerate(pasos):
        if numero == 4:
            redis.detener()
            caida = time.monotonic()
        if numero == 8:
            redis.iniciar()
            vuelta = time.monotonic()
        cliente = omil if quien == "omil" else sence
        url = f"{web.url}/omil/planes/{plan.pk}/"
        pagina = pedir(contador, cliente.get, url)
        datos = {**datos, "csrfmiddlewaretoken": token(pagina) if pagina is not None else ""}
        pedir(contador, cliente.post, f"{url}{accion}/", data=datos)
        pedir(contador, cliente.get, f"{web.url}/")
        para = (
            selectors.destinatarios_sence(plan.comuna.region_id)
            if accion == "enviar"
            else selectors.destinatarios_omil(plan.comuna_id)
        )
        esperados += len(para)
        if numero in (2, 5, 9):  # a report request before, during and after the outage
            lista = pedir(contador, director.get, f"{web.url}/informes/")
            pedir(
                contador,
                director.post,
                f"{web.url}/informes/generar/",
                data={
                    "tipo": "mensual",
                    "periodo": informes.pop(),
                    "region": "05",
                    "csrfmiddlewaretoken": token(lista) if lista is not None else "",
                },
            )
    asunto = f"Plan comunal de {plan.comuna.nombre} {plan.anio}"

    def enviados() -> int:
        return sum(asunto in a for a in trabajador.correos())

    def todo_listo() -> bool:
        return (
            not TareaPendiente.objects.filter(estado="pendiente").exists()
            and enviados() >= esperados
            and not Informe.objects.exclude(estado="listo").exists()
        )

    tiempo = esperar(todo_listo, 240)
    listo_en = time.monotonic()
    time.sleep(3)  # a duplicate would arrive now
    recibidos = enviados()
    no_listos = Informe.objects.exclude(estado="listo").count()
    perdidos = abs(esperados - recibidos) + no_listos + (Informe.objects.count() != 3) * 1
    return Fila(
        "Redis detenido durante el uso de páginas y pedidos de informes",
        contador.pedidos,
        contador.errores,
        perdidos,
        segundos(None if tiempo is None else listo_en - vuelta),
        f"{recibidos}/{esperados} correos, 3 informes; caído {vuelta - caida:.0f} s",
    )


def simulacro_sigkill(web: Web, redis: RedisPropio, directorio: Path, entorno: dict) -> Fila:
    """The worker building a report is SIGKILLed; another worker (with beat's sweeper) is up."""
    from informes.models import Informe

    lento = Trabajador(
        nombre="lento", broker=redis.url, database_url=BASE, directorio=directorio / "lento",
        entorno={**entorno, "DEMORA_PDF": "30"}, modulo="tests.informes.trabajador_lento",
    ).iniciar()  # fmt: skip
    lento.esperar_listo()
    director = navegador(web, "director")
    contador = Contador()
    lista = pedir(contador, director.get, f"{web.url}/informes/")
    pedir(
        contador,
        director.post,
        f"{web.url}/informes/generar/",
        data={"tipo": "semestral", "periodo": "2025-S1", "region": "05",
              "csrfmiddlewaretoken": token(lista) if lista is not None else ""},
    )  # fmt: skip
    informe = Informe.objects.filter(tipo="semestral", periodo="2025-S1").first()
    if informe is None or esperar(lambda: _estado(informe) == "generando", 120) is None:
        lento.detener()
        return Fila("Worker con SIGKILL a mitad de informe", contador.pedidos, contador.errores,
                    1, "no se recuperó", "el informe no empezó")  # fmt: skip
    time.sleep(2)
    lento.matar()
    muerto = time.monotonic()
    otro = Trabajador(
        nombre="otro", broker=redis.url, database_url=BASE, directorio=directorio / "otro",
        beat=True, entorno=entorno,
    ).iniciar()  # fmt: skip
    tiempo = esperar(lambda: _estado(informe) == "listo", 300)
    otro.detener()
    informe.refresh_from_db()
    return Fila(
        "Worker con SIGKILL a mitad de informe",
        contador.pedidos,
        contador.errores,
        0 if informe.estado == "listo" else 1,
        segundos(None if tiempo is None else time.monotonic() - muerto),
        f"intentos {informe.intentos}; reserva {entorno['INFORMES_RESERVA_SEGUNDOS']} s, "
        "barrido de beat cada minuto",
    )


def _estado(informe) -> str:
    return type(informe).objects.filter(pk=informe.pk).values_list("estado", flat=True).get()


def simulacro_postgres_mudo(directorio: Path, entorno: dict) -> Fila:
    """PostgreSQL accepts connections and never answers, behind a proxy the drill controls."""
    partes = urlsplit(BASE)
    proxy = ProxyTCP((partes.hostname, partes.port or 5432))
    web = Web(directorio, {**entorno, "DATABASE_URL": url_por(proxy.puerto), "CONN_MAX_AGE": "60"})
    contador = Contador()
    try:
        cliente = navegador(web, "articuladora")
        proxy.mudo = True
        tiempos = []

        def uno(_):
            inicio = time.monotonic()
            respuesta = pedir(contador, cliente.get, f"{web.url}/", esperado=(503,))
            tiempos.append(time.monotonic() - inicio)
            if respuesta is not None and "no está disponible" not in respuesta.text:
                contador.anotar(False, "503 sin la página en castellano")
                contador.pedidos -= 1

        with ThreadPoolExecutor(6) as grupo:
            list(grupo.map(uno, range(12)))
        lentos = sum(t >= 10 for t in tiempos)
        contador.errores += lentos
        proxy.hablar()
        vuelta = time.monotonic()
        tiempo = esperar(lambda: cliente.get(f"{web.url}/", timeout=30).status_code == 200, 120)
        sesion_viva = "Cerrar sesión" in cliente.get(f"{web.url}/", timeout=30).text
    finally:
        web.parar()
        proxy.parar()
    return Fila(
        "PostgreSQL mudo (acepta conexiones y no responde)",
        contador.pedidos,
        contador.errores,
        0 if sesion_viva else 1,
        segundos(None if tiempo is None else time.monotonic() - vuelta),
        f"503 en castellano en {max(tiempos):.1f} s como máximo (límite 10 s)",
    )


def simulacro_enlace(web: Web) -> Fila:
    """30 people (or one person's 30 clicks) answer through the same invitation link at once."""
    from django.utils import timezone

    from mesas.models import Asistencia
    from mesas.services import enlace_respuesta

    asistencia = (
        Asistencia.objects.filter(
            sesion__estado="programada", sesion__inicio__gt=timezone.now() + timedelta(days=1)
        )
        .select_related("sesion")
        .first()
    )
    url = web.url + enlace_respuesta(asistencia, "confirmada")
    contador = Contador()
    barrera = threading.Barrier(30)

    def uno(_):
        cliente = navegador(web)
        pagina = pedir(contador, cliente.get, url, esperado=(200,))
        datos = {"csrfmiddlewaretoken": token(pagina) if pagina is not None else ""}
        barrera.wait(60)
        pedir(contador, cliente.post, url, data=datos, esperado=(200,))

    inicio = time.monotonic()
    with ThreadPoolExecutor(30) as grupo:
        list(grupo.map(uno, range(30)))
    duracion = time.monotonic() - inicio
    asistencia.refresh_from_db()
    return Fila(
        "30 respuestas simultáneas por un mismo enlace de invitación",
        contador.pedidos,
        contador.errores,
        0 if asistencia.estado == "confirmada" and asistencia.respondida_via == "correo" else 1,
        "—",
        f"estado final «{asistencia.get_estado_display()}»; todas en {duracion:.1f} s",
    )


def pdf_grande(bytes_: int) -> bytes:
    import io

    from pypdf import PdfWriter

    escritor = PdfWriter()
    escritor.add_blank_page(width=595, height=842)
    escritor.add_attachment("relleno.bin", os.urandom(bytes_))
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def simulacro_subidas(web: Web) -> Fila:
    """An upload flood: minutes of the largest accepted size, four at a time."""
    from django.utils import timezone

    from mesas.models import Minuta, Sesion
    from nucleo.archivos import TAMANO_MAXIMO

    sesiones = list(
        Sesion.objects.filter(
            mesa__tipo="regional", estado="realizada", inicio__lt=timezone.now()
        ).order_by("-inicio")[:12]
    )
    contenido = pdf_grande(TAMANO_MAXIMO - 200 * 1024)
    antes = Minuta.objects.count()
    contador = Contador()
    aceptadas = []

    def uno(sesion):
        cliente = navegador(web, "articuladora")
        url = f"{web.url}/mesas/sesiones/{sesion.pk}/minuta/"
        pagina = pedir(contador, cliente.get, url, esperado=(200,))
        respuesta = pedir(
            contador,
            cliente.post,
            url,
            data={"tipo": "archivo", "csrfmiddlewaretoken": token(pagina) if pagina else ""},
            files={"archivo": ("acta-del-simulacro.pdf", contenido, "application/pdf")},
            esperado=(302,),
        )
        if respuesta is not None and respuesta.status_code == 302:
            aceptadas.append(sesion.pk)

    with ThreadPoolExecutor(4) as grupo:
        list(grupo.map(uno, sesiones))
    fin = time.monotonic()
    cliente = navegador(web, "articuladora")
    tiempo = esperar(lambda: cliente.get(f"{web.url}/", timeout=30).status_code == 200, 60)
    guardadas = [
        m
        for m in Minuta.objects.filter(sesion_id__in=aceptadas).exclude(archivo="")
        if m.archivo.size == len(contenido)
    ]
    return Fila(
        f"Avalancha de subidas de {len(contenido) / 2**20:.1f} MB (el máximo aceptado)",
        contador.pedidos,
        contador.errores,
        len(aceptadas) - len(guardadas),
        segundos(None if tiempo is None else time.monotonic() - fin),
        f"{len(sesiones)} minutas, 4 a la vez; {Minuta.objects.count() - antes} guardadas",
    )


# --- Running them ---------------------------------------------------------------------------------


def tabla(filas: list[Fila], duracion: float) -> str:
    lineas = [
        "| falla | pedidos | errores | datos perdidos | tiempo de recuperación | detalle |",
        "|---|---|---|---|---|---|",
    ]
    for f in filas:
        celdas = (f.falla, f.pedidos, f.errores, f.perdidos, f.recuperacion, f.nota)
        lineas.append("| " + " | ".join(str(c) for c in celdas) + " |")
    lineas.append("")
    lineas.append(
        f"Última corrida: {time.strftime('%d-%m-%Y %H:%M', time.localtime())}, "
        f"{duracion / 60:.0f} min, `make drill` en esta máquina."
    )
    return "\n".join(lineas)


def escribir_documento(texto: str) -> None:
    actual = DOCUMENTO.read_text()
    bloque = f"{INICIO}\n{texto}\n{FIN}"
    if INICIO in actual and FIN in actual:
        antes, resto = actual.split(INICIO, 1)
        despues = resto.split(FIN, 1)[1]
        DOCUMENTO.write_text(antes + bloque + despues)
    else:
        DOCUMENTO.write_text(actual.rstrip("\n") + "\n\n" + bloque + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sin-documento", action="store_true", help="no escribir docs/security.md")
    opciones = parser.parse_args(argv)
    comienzo = time.monotonic()
    directorio = Path(tempfile.mkdtemp(prefix="simulacro-"))
    redis = RedisPropio(directorio / "redis", persistente=True).iniciar()
    entorno = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "0",
        "DATABASE_URL": BASE,
        "CELERY_BROKER_URL": redis.url,
        "CACHE_URL": "locmemcache://",
        "PRIVATE_ROOT": str(directorio / "privado"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": f"filemail:///{directorio / 'correo-web'}",
        "INFORMES_RESERVA_SEGUNDOS": "10",
        "TAREAS_DESPACHO_SEGUNDOS": "2",
        "AXES_FAILURE_LIMIT": "1000",
    }
    os.environ.update(entorno)
    import django

    django.setup()
    from django.core.management import call_command

    print("Base nueva, migraciones y datos de demostración…", flush=True)
    base_nueva()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", force=True, verbosity=0)
    filas: list[Fila] = []
    web = trabajador = None
    try:
        web = Web(directorio, entorno)
        trabajador = Trabajador(
            nombre="w1", broker=redis.url, database_url=BASE, directorio=directorio / "w1",
            beat=True, entorno=entorno,
        ).iniciar()  # fmt: skip
        trabajador.esperar_listo()
        print("Simulacro: Redis detenido…", flush=True)
        filas.append(simulacro_redis(web, redis, trabajador))
        print("Simulacro: SIGKILL del worker…", flush=True)
        trabajador.detener()
        filas.append(simulacro_sigkill(web, redis, directorio, entorno))
        trabajador = Trabajador(
            nombre="w2", broker=redis.url, database_url=BASE, directorio=directorio / "w2",
            beat=True, entorno=entorno,
        ).iniciar()  # fmt: skip
        print("Simulacro: 30 respuestas por un enlace…", flush=True)
        filas.append(simulacro_enlace(web))
        print("Simulacro: avalancha de subidas…", flush=True)
        filas.append(simulacro_subidas(web))
        print("Simulacro: PostgreSQL mudo…", flush=True)
        filas.append(simulacro_postgres_mudo(directorio, entorno))
    finally:
        if trabajador:
            trabajador.detener()
        if web:
            web.parar()
        redis.detener()
    texto = tabla(filas, time.monotonic() - comienzo)
    print(texto)
    print(f"Registros en {directorio}")
    if not opciones.sin_documento:
        escribir_documento(texto)
    return 0 if all(f.perdidos == 0 for f in filas) else 1


if __name__ == "__main__":
    sys.exit(main())
