"""Checking an uploaded document (PDF, DOCX, ODT, XLSX, CSV) by its base name, size and content.

Every limit here is ours (bytes read, parts listed, XML parsed), never what the file says about
itself; every failure is a ValidationError with a Spanish message, whatever the file holds.
"""

from __future__ import annotations

import io
import posixpath
import unicodedata
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.core.exceptions import ValidationError

from nucleo import formato

MB = 1024 * 1024
TAMANO_MAXIMO = 20 * MB
ZIP_MAX_ENTRADAS = 1000
ZIP_MAX_DESCOMPRIMIDO = 50 * MB
XML_MAX_INDICE = 1 * MB  # [Content_Types].xml, _rels/.rels and manifests are a few KB
# Readers (Acrobat, pdf.js, pypdf) accept junk before the header within the first KB.
PDF_MAX_PREAMBULO = 1024

EXTENSIONES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}
DOCUMENTOS = frozenset({"pdf", "docx", "odt"})

# The package's main part, found through _rels/.rels (ECMA-376 part 2), for each OOXML kind.
REL_DOCUMENTO_PRINCIPAL = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    }
)
TIPOS_PRINCIPALES = {
    "docx": ("wordprocessingml.document.main+xml", "wordprocessingml.template.main+xml"),
    "xlsx": ("spreadsheetml.sheet.main+xml", "spreadsheetml.template.main+xml"),
}
NOMBRES_TIPO = {"docx": "un documento de Word", "xlsx": "una planilla Excel"}


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


def nombre_base(nombre: str) -> str:
    """The last component of a name sent with Windows or POSIX separators.

    "C:\\actas\\a.pdf" -> "a.pdf"."""
    return nombre.replace("\\", "/").rsplit("/", 1)[-1]


def _error(mensaje: str, code: str) -> ValidationError:
    return ValidationError(mensaje, code=code)


def _leer_inicio(archivo, n: int = 8) -> bytes:
    archivo.seek(0)
    inicio = archivo.read(n)
    archivo.seek(0)
    return inicio


def _validar_pdf(archivo) -> None:
    from pypdf import PasswordType, PdfReader

    inicio = _leer_inicio(archivo, PDF_MAX_PREAMBULO + 5).find(b"%PDF-")
    if inicio < 0:
        raise _error("El archivo no es un PDF aunque su nombre termine en .pdf.", "contenido")
    try:
        fuente = archivo
        if inicio:
            # Offsets inside the file count from the header, as readers take them; the bytes
            # stored are still the user's, preamble included.
            archivo.seek(inicio)
            fuente = io.BytesIO(archivo.read())
        lector = PdfReader(fuente, strict=False)
        if lector.is_encrypted and lector.decrypt("") == PasswordType.NOT_DECRYPTED:
            # Only an owner password (permissions) opens with the empty user password;
            # a file that needs a password to be read cannot be reviewed by anyone.
            raise _error(
                "El PDF está protegido con contraseña de apertura; súbelo sin esa protección.",
                "cifrado",
            )
        if len(lector.pages) < 1:
            raise _error("El PDF no tiene páginas.", "danado")
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds (and RecursionError) on damaged files
        raise _error("El PDF está dañado o incompleto y no se puede abrir.", "danado") from error
    finally:
        archivo.seek(0)


def _xml(paquete: zipfile.ZipFile, nombre: str) -> ElementTree.Element | None:
    """A small XML part of the package, parsed; None when missing, too big or malformed."""
    try:
        info = paquete.getinfo(nombre)
    except KeyError:
        return None
    if info.file_size > XML_MAX_INDICE:
        return None
    try:
        return ElementTree.fromstring(paquete.read(info))
    except ElementTree.ParseError:
        return None


def _local(etiqueta: str) -> str:
    return etiqueta.rsplit("}", 1)[-1]


def parte_principal(paquete: zipfile.ZipFile) -> tuple[str, str] | None:
    """(part name, declared content type) of an OOXML package's main part: the target of the
    officeDocument relationship in _rels/.rels (Word Online writes word/document2.xml)."""
    relaciones = _xml(paquete, "_rels/.rels")
    tipos = _xml(paquete, "[Content_Types].xml")
    if relaciones is None or tipos is None:
        return None
    destino = next(
        (
            r.get("Target", "")
            for r in relaciones
            if _local(r.tag) == "Relationship" and r.get("Type") in REL_DOCUMENTO_PRINCIPAL
        ),
        None,
    )
    if not destino:
        return None
    parte = posixpath.normpath(destino.lstrip("/"))
    por_parte = {
        o.get("PartName", "").lstrip("/").lower(): o.get("ContentType", "")
        for o in tipos
        if _local(o.tag) == "Override"
    }
    por_extension = {
        d.get("Extension", "").lower(): d.get("ContentType", "")
        for d in tipos
        if _local(d.tag) == "Default"
    }
    tipo = por_parte.get(parte.lower()) or por_extension.get(parte.rsplit(".", 1)[-1].lower(), "")
    return parte, tipo


def _validar_ooxml(paquete: zipfile.ZipFile, extension: str, nombres: set[str]) -> None:
    principal = parte_principal(paquete)
    invalido = _error(f"El archivo no es {NOMBRES_TIPO[extension]} válido.", "contenido")
    if principal is None or principal[0] not in nombres:
        raise invalido
    _parte, tipo = principal
    if "macroEnabled" in tipo:
        raise _error("El documento contiene macros; guárdalo sin macros.", "macros")
    if not tipo.endswith(TIPOS_PRINCIPALES[extension]):
        raise invalido


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
            if extension in TIPOS_PRINCIPALES:
                _validar_ooxml(paquete, extension, nombres)
            elif extension == "odt" and (
                "mimetype" not in nombres
                or paquete.getinfo("mimetype").file_size > 100
                or paquete.read("mimetype").strip() != EXTENSIONES["odt"].encode()
                or "content.xml" not in nombres
            ):
                raise _error("El archivo no es un documento ODT válido.", "contenido")
    except ValidationError:
        raise
    except Exception as error:  # zipfile raises BadZipFile, EOFError, zlib.error, OSError…
        raise _error("El documento está dañado y no se puede abrir.", "danado") from error
    finally:
        archivo.seek(0)


def validar_archivo(
    archivo, *, permitidas: frozenset[str] = DOCUMENTOS, tamano_maximo: int = TAMANO_MAXIMO
) -> Documento:
    """Raises ValidationError (Spanish message) unless extension, size and content agree.

    The name is judged by its base name only: folders a browser or client sends are dropped,
    dots inside the name are fine; control characters (header injection) are refused.
    """
    nombre = nombre_base(getattr(archivo, "name", "") or "")
    if any(unicodedata.category(c) == "Cc" for c in nombre):
        raise _error("El nombre del archivo contiene caracteres no permitidos.", "nombre")
    extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else ""
    lista = ", ".join(f".{e}" for e in sorted(permitidas))
    if extension not in permitidas:
        raise _error(f"Tipo de archivo no permitido. Se aceptan: {lista}.", "extension")
    tamano = archivo.size
    if not tamano:
        raise _error("El archivo está vacío.", "vacio")
    if tamano > tamano_maximo:
        raise _error(
            f"El archivo pesa {formato.numero(tamano / MB, 1)} MB; el máximo es "
            f"{formato.numero(tamano_maximo // MB)} MB.",
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
