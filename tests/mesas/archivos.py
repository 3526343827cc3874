"""Uploaded files for the mesas tests: valid documents and each kind of bad one."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter


def pdf(nombre: str = "minuta.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    salida = io.BytesIO()
    writer.write(salida)
    return SimpleUploadedFile(nombre, salida.getvalue(), content_type="application/pdf")


def docx(nombre: str = "minuta.docx") -> SimpleUploadedFile:
    """A minimal Word package: its main part declared in _rels/.rels, as Word writes it."""
    from tests import archivos

    return archivos.docx(nombre)


def odt(nombre: str = "minuta.odt") -> SimpleUploadedFile:
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as paquete:
        paquete.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        paquete.writestr("content.xml", "<office/>")
    return SimpleUploadedFile(nombre, salida.getvalue())


def falso_pdf(nombre: str = "minuta.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, b"MZ\x90\x00 esto es un ejecutable")


def vacio(nombre: str = "minuta.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, b"")


def grande(nombre: str = "minuta.pdf", mb: int = 21) -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, b"%PDF-1.4\n" + b"0" * (mb * 1024 * 1024))
