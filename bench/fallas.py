"""Pieces the fault drills (`make drill`) and the failure tests start and stop themselves, all on
loopback: a Redis of their own on a free port, a real Celery worker (with beat if asked), and a TCP
listener that accepts connections and never answers (a "silent" PostgreSQL).

Every piece is a context manager or has an explicit `parar()`: nothing outlives its caller.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def esperar_puerto(puerto: int, segundos: float = 10) -> None:
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", puerto), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nada escucha en 127.0.0.1:{puerto} tras {segundos} s")


class RedisPropio:
    """A throw-away redis-server on 127.0.0.1:<free port>. `detener()` and `iniciar()` again on
    the same port simulate an outage of the broker. With `persistente` it keeps an append-only
    file, as docker-compose.yml's Redis does, so queued messages survive the restart."""

    def __init__(self, directorio: Path, puerto: int | None = None, persistente: bool = False):
        self.puerto = puerto or puerto_libre()
        self.directorio = Path(directorio)
        self.persistente = persistente
        self.proceso: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.puerto}/0"

    def iniciar(self) -> RedisPropio:
        self.directorio.mkdir(parents=True, exist_ok=True)
        self.proceso = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.puerto), "--save", "",
             "--appendonly", "yes" if self.persistente else "no", "--appendfsync", "always",
             "--dir", str(self.directorio), "--logfile", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        esperar_puerto(self.puerto)
        return self

    def detener(self) -> None:
        if self.proceso and self.proceso.poll() is None:
            self.proceso.terminate()
            try:
                self.proceso.wait(10)
            except subprocess.TimeoutExpired:
                self.proceso.kill()
                self.proceso.wait(5)
        self.proceso = None

    def __enter__(self) -> RedisPropio:
        return self.iniciar()

    def __exit__(self, *exc) -> None:
        self.detener()


class Trabajador:
    """A real Celery worker (`--pool=solo`), optionally with embedded beat, against `broker`, on
    the database `database_url`. E-mails go to files in `correo_dir` (one file per connection), so
    the caller can count what really left."""

    def __init__(
        self,
        *,
        nombre: str,
        broker: str,
        database_url: str,
        directorio: Path,
        beat: bool = False,
        entorno: dict | None = None,
        modulo: str = "celery",
    ):
        self.nombre = nombre
        self.directorio = Path(directorio)
        self.directorio.mkdir(parents=True, exist_ok=True)
        self.correo_dir = self.directorio / "correo"
        self.correo_dir.mkdir(exist_ok=True)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker,
            "CACHE_URL": "locmemcache://",
            "DEBUG": "0",
            "TAREAS_DESPACHO_SEGUNDOS": "1",
            **(entorno or {}),
            # Its own folder, whatever the caller's environment says: correos() reads it.
            "EMAIL_URL": f"filemail:///{self.correo_dir.resolve()}",  # 4 slashes: absolute
        }
        self.beat = beat
        self.modulo = modulo
        self.proceso: subprocess.Popen | None = None

    def iniciar(self) -> Trabajador:
        # A wrapper module (tests.informes.trabajador_lento) adds "celery -A config" itself.
        inicio = ["-m", self.modulo] + (["-A", "config"] if self.modulo == "celery" else [])
        argumentos = [
            sys.executable, *inicio, "worker", "--pool=solo", "-l", "info",
            "-n", f"{self.nombre}@%h", "--without-heartbeat", "--without-mingle",
            "--without-gossip",
        ]  # fmt: skip
        if self.beat:
            argumentos += ["--beat", "--schedule", str(self.directorio / "beat-schedule")]
        self.proceso = subprocess.Popen(
            argumentos,
            cwd=RAIZ,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=(self.directorio / f"{self.nombre}.log").open("w"),
        )
        return self

    def esperar_listo(self, segundos: float = 120) -> None:
        """Until the worker says it is ready (Django and Celery start slowly on a busy machine)."""
        limite = time.monotonic() + segundos
        registro = self.directorio / f"{self.nombre}.log"
        while " ready." not in registro.read_text(errors="replace"):
            if self.proceso.poll() is not None or time.monotonic() > limite:
                raise RuntimeError(f"el worker {self.nombre} no arrancó:\n{self.registro()}")
            time.sleep(0.2)

    def registro(self, lineas: int = 40) -> str:
        """The log's errors and task lines other than the dispatcher's ticks, then its tail."""
        todas = (self.directorio / f"{self.nombre}.log").read_text(errors="replace").splitlines()
        utiles = [
            linea
            for linea in todas
            if ("ERROR" in linea or "Error" in linea or "Task " in linea)
            and "despachar_tareas" not in linea
        ]
        return "\n".join([*utiles[-lineas:], "…", *todas[-10:]])

    def matar(self) -> None:
        """SIGKILL, as when the machine or the OOM killer takes the process."""
        if self.proceso and self.proceso.poll() is None:
            self.proceso.send_signal(signal.SIGKILL)
            self.proceso.wait(10)

    def detener(self) -> None:
        if self.proceso and self.proceso.poll() is None:
            self.proceso.terminate()
            try:
                self.proceso.wait(15)
            except subprocess.TimeoutExpired:
                self.proceso.kill()
                self.proceso.wait(5)

    def correos(self) -> list[str]:
        """The subjects of every e-mail this worker sent (file backend)."""
        asuntos = []
        for archivo in sorted(self.correo_dir.glob("*.log")):
            # Django's file backend: each message, then a line of 79 dashes.
            for texto in archivo.read_text(errors="replace").split("-" * 79):
                if texto.strip():
                    mensaje = email.message_from_string(texto.strip(), policy=email.policy.default)
                    asuntos.append(str(mensaje["Subject"]))
        return asuntos

    def __enter__(self) -> Trabajador:
        return self.iniciar()

    def __exit__(self, *exc) -> None:
        self.detener()


class EscuchaMuda:
    """Accepts TCP connections on 127.0.0.1:<free port> and never writes a byte: a database that
    is up for the network but does not answer. Runs in a daemon thread; `parar()` closes all."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(128)
        self.puerto = self.socket.getsockname()[1]
        self.conexiones: list[socket.socket] = []
        self._hilo = threading.Thread(target=self._aceptar, daemon=True)
        self._hilo.start()

    def _aceptar(self) -> None:
        while True:
            try:
                conexion, _ = self.socket.accept()
            except OSError:
                return
            self.conexiones.append(conexion)  # kept open, never answered

    def parar(self) -> None:
        with contextlib.suppress(OSError):
            self.socket.close()
        for conexion in self.conexiones:
            with contextlib.suppress(OSError):
                conexion.close()

    def __enter__(self) -> EscuchaMuda:
        return self

    def __exit__(self, *exc) -> None:
        self.parar()


class ProxyTCP:
    """127.0.0.1:<free port> → `destino`. With `mudo = True` it keeps accepting connections but
    forwards nothing either way (a PostgreSQL that hangs); back to False, new connections pass
    again and the ones held while silent are closed."""

    def __init__(self, destino: tuple[str, int]):
        self.destino = destino
        self.mudo = False
        self.retenidas: list[socket.socket] = []
        self.servidor = socket.socket()
        self.servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.servidor.bind(("127.0.0.1", 0))
        self.servidor.listen(128)
        self.puerto = self.servidor.getsockname()[1]
        threading.Thread(target=self._aceptar, daemon=True).start()

    def _aceptar(self) -> None:
        while True:
            try:
                cliente, _ = self.servidor.accept()
            except OSError:
                return
            if self.mudo:
                self.retenidas.append(cliente)
                continue
            try:
                remoto = socket.create_connection(self.destino, timeout=5)
            except OSError:
                cliente.close()
                continue
            threading.Thread(target=self._copiar, args=(cliente, remoto), daemon=True).start()

    def _copiar(self, a: socket.socket, b: socket.socket) -> None:
        import select

        try:
            while True:
                if self.mudo:
                    time.sleep(0.05)
                    continue
                listos, _, _ = select.select([a, b], [], [], 0.2)
                for origen in listos:
                    datos = origen.recv(65536)
                    if not datos:
                        return
                    (b if origen is a else a).sendall(datos)
        except OSError:
            return
        finally:
            a.close()
            b.close()

    def hablar(self) -> None:
        self.mudo = False
        for conexion in self.retenidas:
            with contextlib.suppress(OSError):
                conexion.close()
        self.retenidas.clear()

    def parar(self) -> None:
        with contextlib.suppress(OSError):
            self.servidor.close()
        self.hablar()
