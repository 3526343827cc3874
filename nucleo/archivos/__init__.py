"""Uploaded files, in one place: checked by base name, size and content (`documentos`), read
as spreadsheets within fixed bounds (`planillas`), stored under generated names in private
storage and handed out only through views that check scope (`respuesta_descarga`)."""

from __future__ import annotations

import mimetypes
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from nucleo.archivos.documentos import (
    DOCUMENTOS,
    EXTENSIONES,
    MB,
    TAMANO_MAXIMO,
    Documento,
    nombre_base,
    nombre_seguro,
    validar_archivo,
)

__all__ = [
    "DOCUMENTOS",
    "EXTENSIONES",
    "MB",
    "TAMANO_MAXIMO",
    "Documento",
    "RutaPrivada",
    "nombre_base",
    "nombre_seguro",
    "respuesta_descarga",
    "validar_archivo",
]


class RutaPrivada:
    """`upload_to` that ignores the user's file name: <carpeta>/<año>/<uuid>.<ext>.
    Use as FileField(upload_to=RutaPrivada("minutas")); it deconstructs for migrations."""

    def __init__(self, carpeta: str):
        self.carpeta = carpeta

    def __call__(self, instancia, nombre: str) -> str:
        extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else "bin"
        return f"{self.carpeta}/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"

    def deconstruct(self):
        return ("nucleo.archivos.RutaPrivada", (self.carpeta,), {})

    def __eq__(self, otro) -> bool:
        return isinstance(otro, RutaPrivada) and otro.carpeta == self.carpeta


def respuesta_descarga(archivo, nombre: str, content_type: str | None = None) -> FileResponse:
    """A download of a private file: always an attachment, never sniffed, cached or rendered.

    The caller has already checked the user's scope. Files in an object store (not on this
    machine's disk) are streamed through Django even behind nginx.
    """
    nombre = nombre_seguro(nombre)
    tipo = content_type or mimetypes.guess_type(nombre)[0] or "application/octet-stream"
    if settings.DESCARGAS_X_ACCEL and isinstance(
        getattr(archivo, "storage", default_storage), FileSystemStorage
    ):
        # Behind nginx: it sends the bytes from an `internal` location; Django only decides.
        respuesta = HttpResponse(content_type=tipo)
        ruta = Path(archivo.name)
        if ruta.is_absolute():  # a File opened from storage carries its absolute path
            ruta = ruta.relative_to(settings.PRIVATE_ROOT)
        respuesta["X-Accel-Redirect"] = (
            settings.DESCARGAS_X_ACCEL.rstrip("/") + "/" + quote(ruta.as_posix())
        )
        respuesta["Content-Disposition"] = content_disposition_header(True, nombre)
    else:
        respuesta = FileResponse(
            archivo.open("rb"), as_attachment=True, filename=nombre, content_type=tipo
        )
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Cache-Control"] = "no-store"
    respuesta["Content-Security-Policy"] = "sandbox"
    return respuesta
