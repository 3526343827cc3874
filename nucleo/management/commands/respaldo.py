"""Backup and restore: the database (pg_dump -Fc, or SQLite's online backup) and the private
files, with a manifest of row counts and file checksums to verify a restore against."""

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
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
    help = "Crea o restaura un respaldo de la base de datos y de los archivos privados."

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
        raiz = Path(settings.PRIVATE_ROOT)
        with tarfile.open(carpeta / "archivos.tar.gz", "w:gz") as paquete:
            if raiz.exists():
                paquete.add(raiz, arcname="privado")
        manifiesto = {
            "creado": timezone.now().isoformat(),
            "motor": connection.vendor,
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
        raiz = Path(settings.PRIVATE_ROOT)
        if raiz.exists():
            shutil.rmtree(raiz)
        raiz.mkdir(parents=True)
        with tarfile.open(carpeta / "archivos.tar.gz", "r:gz") as paquete:
            miembros = [m for m in paquete.getmembers() if m.name.startswith("privado/")]
            for miembro in miembros:
                miembro.name = miembro.name.removeprefix("privado/")
            paquete.extractall(raiz, members=[m for m in miembros if m.name], filter="data")
        filas, archivos = conteo_de_filas(), sumas_de_archivos(raiz)
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
