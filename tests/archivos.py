"""Builders of uploaded files for tests: valid documents and each kind of bad one."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter


def pdf(nombre: str = "minuta.pdf", *, cifrado: bool = False) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if cifrado:
        writer.encrypt("secreta")
    salida = io.BytesIO()
    writer.write(salida)
    return SimpleUploadedFile(nombre, salida.getvalue(), content_type="application/pdf")


def _zip(entradas: dict[str, bytes], nombre: str, content_type: str) -> SimpleUploadedFile:
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as paquete:
        for ruta, contenido in entradas.items():
            paquete.writestr(ruta, contenido)
    return SimpleUploadedFile(nombre, salida.getvalue(), content_type=content_type)


DOCX_TIPO = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    b"</Relationships>"
)


def docx(nombre: str = "minuta.docx", extra: dict[str, bytes] | None = None) -> SimpleUploadedFile:
    """A minimal package: the main part is found through _rels/.rels, as Word does."""
    entradas = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": RELS,
        "word/document.xml": b"<w:document/>",
        **(extra or {}),
    }
    return _zip(entradas, nombre, DOCX_TIPO)


def docx_con_macros(nombre: str = "minuta.docx") -> SimpleUploadedFile:
    return docx(nombre, {"word/vbaProject.bin": b"\x00macro"})


def odt(nombre: str = "minuta.odt") -> SimpleUploadedFile:
    return _zip(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"},
        nombre,
        "application/vnd.oasis.opendocument.text",
    )


def docx_muchas_entradas(n: int = 1001) -> SimpleUploadedFile:
    return docx(extra={f"word/media/{i}.xml": b"x" for i in range(n)})


def docx_bomba(megas: int = 51) -> SimpleUploadedFile:
    return docx(extra={"word/relleno.xml": b"\0" * (megas * 1024 * 1024)})


def docx_con_ruta_relativa() -> SimpleUploadedFile:
    return docx(extra={"../../etc/cron.d/x": b"x"})


def html_disfrazado(nombre: str = "minuta.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, b"<html><script>alert(1)</script></html>", "application/pdf")


def vacio(nombre: str = "minuta.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, b"", "application/pdf")
