"""Turns the figures (a JSON-able dict) into the report's files: the PDF and the Excel annex.

Figures are a list of sections, each with indicators, tables, sentences and charts, so that the
PDF and the Excel annex show exactly the same numbers.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import timezone

from nucleo.pdf import html_a_pdf


def huella(cifras: dict) -> str:
    """SHA-256 of the figures in canonical JSON: printed in the PDF to trace any number back."""
    canonico = json.dumps(cifras, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonico.encode("utf-8")).hexdigest()


def html_de(informe, cifras: dict, sha256: str, *, generado: datetime | None = None) -> str:
    """The PDF's HTML. The cover states the cut-off ("Datos al") and when it was generated; the
    generation time makes each PDF unique, so a report's identity is the SHA-256 of its figures
    (`huella`), which is the same for the same period whenever it is regenerated."""
    from informes import graficos

    secciones = [
        {**s, "svgs": [graficos.svg(g) for g in s.get("graficos", [])]} for s in cifras["secciones"]
    ]
    return render_to_string(
        "informes/pdf/informe.html",
        {
            "informe": informe,
            "cifras": cifras,
            "secciones": secciones,
            "sha256": sha256,
            "inicio": date.fromisoformat(cifras["periodo"]["inicio"]),
            "fin": date.fromisoformat(cifras["periodo"]["fin"]),
            "corte": date.fromisoformat(cifras["corte"]),
            "generado": timezone.localtime(
                generado or timezone.now(), timezone.get_default_timezone()
            ),
        },
    )


def pdf_de(html: str) -> bytes:
    return html_a_pdf(html)


def excel_de(informe, cifras: dict, sha256: str) -> bytes:
    """The Excel annex, typed cell by cell by the shared writer: see informes.anexo."""
    from informes.anexo import libro_anexo

    return libro_anexo(informe, cifras, sha256)
