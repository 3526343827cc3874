"""Uploaded documents: checked by extension *and* content, stored under generated names in private
storage, handed out only through views that check scope (see `respuesta_descarga`)."""

from __future__ import annotations

import mimetypes
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

MB = 1024 * 1024
TAMANO_MAXIMO = 20 * MB
ZIP_MAX_ENTRADAS = 1000
ZIP_MAX_DESCOMPRIMIDO = 50 * MB

EXTENSIONES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}
DOCUMENTOS = frozenset({"pdf", "docx", "odt"})


@dataclass(frozen=True)
class Documento:
    """What validation learned about an upload."""

    extension: str
    nombre: str  # the original name, cleaned for display and Content-Disposition
    tamano: int
    content_type: str


def nombre_seguro(nombre: str) -> str:
    """The user's file name fit to show and to send back: no control characters or quotes."""
    nombre = unicodedata.normalize("NFC", nombre)
    limpio = "".join(c for c in nombre if unicodedata.category(c)[0] != "C" and c not in '"\\/')
    return limpio.strip(" .")[:150] or "documento"


def _error(mensaje: str, code: str) -> ValidationError:
    return ValidationError(mensaje, code=code)


def _leer_inicio(archivo, n: int = 8) -> bytes:
    archivo.seek(0)
    inicio = archivo.read(n)
    archivo.seek(0)
    return inicio


def _validar_pdf(archivo) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not _leer_inicio(archivo, 5).startswith(b"%PDF-"):
        raise _error("El archivo no es un PDF aunque su nombre termine en .pdf.", "contenido")
    try:
        lector = PdfReader(archivo)
        if lector.is_encrypted:
            raise _error("El PDF está protegido con contraseña; súbelo sin protección.", "cifrado")
        len(lector.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise _error("El PDF está dañado o incompleto y no se puede abrir.", "danado") from error
    finally:
        archivo.seek(0)


def _validar_zip(archivo, extension: str) -> None:
    if not _leer_inicio(archivo, 4).startswith(b"PK\x03\x04"):
        raise _error(
            f"El archivo no es un documento .{extension} aunque su nombre lo diga.", "contenido"
        )
    try:
        with zipfile.ZipFile(archivo) as paquete:
            entradas = paquete.infolist()  # reads the central directory only, nothing unpacked
            if len(entradas) > ZIP_MAX_ENTRADAS:
                raise _error("El documento tiene demasiadas partes internas.", "zip_bomba")
            if sum(e.file_size for e in entradas) > ZIP_MAX_DESCOMPRIMIDO:
                raise _error("El documento descomprimido supera los 50 MB.", "zip_bomba")
            nombres = {e.filename for e in entradas}
            if any(
                n.startswith(("/", "\\")) or ".." in n.replace("\\", "/").split("/")
                for n in nombres
            ):
                raise _error("El documento contiene rutas internas no permitidas.", "zip_ruta")
            if any(n.lower().endswith("vbaproject.bin") for n in nombres):
                raise _error("El documento contiene macros; guárdalo sin macros.", "macros")
            if extension == "docx":
                if not {"[Content_Types].xml", "word/document.xml"} <= nombres:
                    raise _error("El archivo no es un documento de Word válido.", "contenido")
                tipos = paquete.read("[Content_Types].xml")
                if b"macroEnabled" in tipos:
                    raise _error("El documento contiene macros; guárdalo sin macros.", "macros")
            elif extension == "odt":
                if "mimetype" not in nombres or paquete.read("mimetype").strip() != (
                    EXTENSIONES["odt"].encode()
                ):
                    raise _error("El archivo no es un documento ODT válido.", "contenido")
            elif extension == "xlsx" and "xl/workbook.xml" not in nombres:
                raise _error("El archivo no es una planilla Excel válida.", "contenido")
    except zipfile.BadZipFile as error:
        raise _error("El documento está dañado y no se puede abrir.", "danado") from error
    finally:
        archivo.seek(0)


def validar_archivo(
    archivo, *, permitidas: frozenset[str] = DOCUMENTOS, tamano_maximo: int = TAMANO_MAXIMO
) -> Documento:
    """Raises ValidationError (Spanish message) unless extension, size and content agree."""
    nombre = getattr(archivo, "name", "") or ""
    if "/" in nombre or "\\" in nombre or ".." in nombre or any(c in nombre for c in "\r\n\0"):
        raise _error("El nombre del archivo contiene rutas o caracteres no permitidos.", "nombre")
    extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else ""
    lista = ", ".join(f".{e}" for e in sorted(permitidas))
    if extension not in permitidas:
        raise _error(f"Tipo de archivo no permitido. Se aceptan: {lista}.", "extension")
    tamano = archivo.size
    if not tamano:
        raise _error("El archivo está vacío.", "vacio")
    if tamano > tamano_maximo:
        raise _error(
            f"El archivo pesa {tamano / MB:.1f} MB; el máximo es {tamano_maximo // MB} MB.",
            "tamano",
        )
    if extension == "pdf":
        _validar_pdf(archivo)
    elif extension in {"docx", "odt", "xlsx"}:
        _validar_zip(archivo, extension)
    return Documento(
        extension=extension,
        nombre=nombre_seguro(nombre),
        tamano=tamano,
        content_type=EXTENSIONES[extension],
    )


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

    The caller has already checked the user's scope.
    """
    nombre = nombre_seguro(nombre)
    tipo = content_type or mimetypes.guess_type(nombre)[0] or "application/octet-stream"
    if settings.DESCARGAS_X_ACCEL:
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
