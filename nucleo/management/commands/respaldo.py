"""Backup and restore: the database (pg_dump -Fc, or SQLite's online backup) and the private
files, with a manifest of row counts and file checksums to verify a restore against."""

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


def sha256(ruta: Path) -> str:
    h = hashlib.sha256()
    with ruta.open("rb") as archivo:
        for bloque in iter(lambda: archivo.read(1 << 20), b""):
            h.update(bloque)
    return h.hexdigest()


def conteo_de_filas() -> dict[str, int]:
    tablas = sorted(connection.introspection.table_names())
    with connection.cursor() as cursor:
        conteo = {}
        for tabla in tablas:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(tabla)}")
            conteo[tabla] = cursor.fetchone()[0]
    return conteo


def sumas_de_archivos(raiz: Path) -> dict[str, str]:
    if not raiz.exists():
        return {}
    return {
        str(ruta.relative_to(raiz)): sha256(ruta)
        for ruta in sorted(raiz.rglob("*"))
        if ruta.is_file()
    }


# --- Files in an object store (AWS_STORAGE_BUCKET_NAME): the backup holds them in the same
# archivos.tar.gz as a local PRIVATE_ROOT would be, so a backup restores into either kind.
def _en_bucket() -> bool:
    return not isinstance(default_storage, FileSystemStorage)


def _claves(carpeta: str = "") -> list[str]:
    carpetas, archivos = default_storage.listdir(carpeta)
    claves = [f"{carpeta}{nombre}" for nombre in archivos]
    for sub in carpetas:
        claves += _claves(f"{carpeta}{sub}/")
    return sorted(claves)


def _bajar_bucket(raiz: Path) -> None:
    for clave in _claves():
        destino = raiz / clave
        destino.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(clave, "rb") as origen, destino.open("wb") as copia:
            shutil.copyfileobj(origen, copia)


def _subir_al_bucket(raiz: Path) -> None:
    for clave in _claves():
        default_storage.delete(clave)
    for ruta in sorted(raiz.rglob("*")):
        if ruta.is_file():
            clave = ruta.relative_to(raiz).as_posix()
            with ruta.open("rb") as origen:
                guardada = default_storage.save(clave, File(origen))
            if guardada != clave:
                raise CommandError(f"El almacén guardó {clave} como {guardada}.")


def _sumas_del_bucket() -> dict[str, str]:
    with tempfile.TemporaryDirectory() as temporal:
        _bajar_bucket(Path(temporal))
        return sumas_de_archivos(Path(temporal))


def _conexion_pg() -> list[str]:
    datos = connection.settings_dict
    argumentos = ["-h", datos["HOST"] or "127.0.0.1", "-p", str(datos["PORT"] or 5432)]
    if datos["USER"]:
        argumentos += ["-U", datos["USER"]]
    return argumentos


def _entorno_pg() -> dict:
    import os

    entorno = dict(os.environ)
    if connection.settings_dict.get("PASSWORD"):
        entorno["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    return entorno


class Command(BaseCommand):
    help = (
        "Crea o restaura un respaldo de la base de datos y de los archivos privados "
        "(en disco o en el bucket de AWS_STORAGE_BUCKET_NAME)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="accion", required=True)
        crear = sub.add_parser("crear", help="Crea un respaldo en una carpeta nueva.")
        crear.add_argument("--destino", help="Carpeta (por defecto var/respaldos/<fecha-hora>)")
        restaurar = sub.add_parser("restaurar", help="Restaura un respaldo y lo verifica.")
        restaurar.add_argument("--origen", required=True, help="Carpeta creada por «crear»")
        restaurar.add_argument(
            "--si", action="store_true", help="No preguntar: reemplaza la base y los archivos."
        )

    def handle(self, *args, accion, **opciones):
        if accion == "crear":
            self.crear(opciones.get("destino"))
        else:
            self.restaurar(Path(opciones["origen"]), confirmado=opciones["si"])

    def crear(self, destino: str | None) -> None:
        carpeta = Path(
            destino
            or Path(settings.BASE_DIR, "var", "respaldos", f"{timezone.now():%Y%m%d-%H%M%S}")
        )
        carpeta.mkdir(parents=True, exist_ok=False)
        if connection.vendor == "postgresql":
            subprocess.run(
                ["pg_dump", "-Fc", *_conexion_pg(), "-d", connection.settings_dict["NAME"],
                 "-f", str(carpeta / "base.dump")],
                check=True, env=_entorno_pg(),
            )  # fmt: skip
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(carpeta / "base.sqlite3") as copia:
                connection.connection.backup(copia)
        else:
            raise CommandError(f"Motor no soportado: {connection.vendor}")
        with tempfile.TemporaryDirectory() as temporal:
            raiz = Path(settings.PRIVATE_ROOT)
            if _en_bucket():
                raiz = Path(temporal, "privado")
                raiz.mkdir()
                _bajar_bucket(raiz)
            with tarfile.open(carpeta / "archivos.tar.gz", "w:gz") as paquete:
                if raiz.exists():
                    paquete.add(raiz, arcname="privado")
            manifiesto = {
                "creado": timezone.now().isoformat(),
                "motor": connection.vendor,
                "almacen": "bucket" if _en_bucket() else "disco",
                "filas": conteo_de_filas(),
                "archivos": sumas_de_archivos(raiz),
            }
        (carpeta / "manifiesto.json").write_text(
            json.dumps(manifiesto, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Respaldo creado en {carpeta}: {sum(manifiesto['filas'].values())} filas, "
                f"{len(manifiesto['archivos'])} archivos."
            )
        )

    def restaurar(self, carpeta: Path, *, confirmado: bool) -> None:
        manifiesto_ruta = carpeta / "manifiesto.json"
        if not manifiesto_ruta.exists():
            raise CommandError(f"{carpeta} no es un respaldo: falta manifiesto.json.")
        manifiesto = json.loads(manifiesto_ruta.read_text(encoding="utf-8"))
        if manifiesto["motor"] != connection.vendor:
            raise CommandError(
                f"El respaldo es de {manifiesto['motor']} y la base actual es {connection.vendor}."
            )
        if not confirmado:
            raise CommandError(
                "Restaurar reemplaza la base de datos y los archivos actuales. Repita con --si."
            )
        if connection.vendor == "postgresql":
            connection.close()
            subprocess.run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                 *_conexion_pg(), "-d", connection.settings_dict["NAME"],
                 str(carpeta / "base.dump")],
                check=True, env=_entorno_pg(),
            )  # fmt: skip
        else:
            connection.ensure_connection()
            with sqlite3.connect(carpeta / "base.sqlite3") as origen:
                origen.backup(connection.connection)
        with tempfile.TemporaryDirectory() as temporal:
            raiz = Path(temporal, "privado") if _en_bucket() else Path(settings.PRIVATE_ROOT)
            if raiz.exists():
                shutil.rmtree(raiz)
            raiz.mkdir(parents=True)
            with tarfile.open(carpeta / "archivos.tar.gz", "r:gz") as paquete:
                miembros = [m for m in paquete.getmembers() if m.name.startswith("privado/")]
                for miembro in miembros:
                    miembro.name = miembro.name.removeprefix("privado/")
                paquete.extractall(raiz, members=[m for m in miembros if m.name], filter="data")
            if _en_bucket():
                _subir_al_bucket(raiz)
                archivos = _sumas_del_bucket()
            else:
                archivos = sumas_de_archivos(raiz)
        filas = conteo_de_filas()
        diferencias = [t for t, n in manifiesto["filas"].items() if filas.get(t) != n]
        if archivos != manifiesto["archivos"]:
            diferencias.append("archivos")
        if diferencias:
            raise CommandError(f"La restauración no coincide con el respaldo en: {diferencias}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Respaldo restaurado y verificado: {sum(filas.values())} filas, "
                f"{len(archivos)} archivos idénticos."
            )
        )
