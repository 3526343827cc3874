"""Printable minutes (A4, page numbers) rendered with WeasyPrint."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from mesas.models import Minuta
from mesas.reglas import ZONA


def minuta_pdf(minuta: Minuta) -> bytes:
    """Only a written version has a PDF; a file version is handed out as it was uploaded."""
    from weasyprint import HTML

    if not minuta.es_texto:
        raise ValueError(f"La {minuta} es un archivo, no un texto escrito.")

    sesion = minuta.sesion
    html = render_to_string(
        "mesas/minuta_pdf.html",
        {
            "minuta": minuta,
            "sesion": sesion,
            "mesa": sesion.mesa,
            "inicio": timezone.localtime(sesion.inicio, ZONA),
            "fin": timezone.localtime(sesion.fin, ZONA),
            "generado": timezone.localtime(timezone.now(), ZONA),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_identifier=f"minuta-{minuta.pk}".encode(),
        custom_metadata=True,
    )
