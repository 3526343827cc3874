"""PDF from HTML with WeasyPrint, fetching nothing but our own static files.

A title typed by a user (a minute, a report) may contain `<img src="http://…">` or `file:///…`:
the fetcher refuses every URL that is not one of our static files, so rendering never reaches the
network or the disk.

WeasyPrint is imported where a PDF is made, not at module level: web processes and management
commands import this module through the report views, and WeasyPrint alone took half of a
`manage.py check` (issue 19, point 7).
"""

from __future__ import annotations

import logging
import mimetypes
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)

BASE_URL = "https://mesas.invalid/"


@cache
def _fetcher_estatico() -> type:
    """The fetcher class, built on first use so that WeasyPrint loads only when a PDF is made."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class FetcherEstatico(URLFetcher):
        """Serves `{STATIC_URL}…` from the static files and `data:` URIs; refuses the rest."""

        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            prefijo = BASE_URL.rstrip("/") + settings.STATIC_URL
            if url.startswith(prefijo):
                relativa = url[len(prefijo) :].split("?")[0]
                if ".." not in relativa.split("/"):
                    ruta = finders.find(relativa) or Path(settings.STATIC_ROOT, relativa)
                    if ruta and Path(ruta).is_file():
                        tipo = mimetypes.guess_type(str(ruta))[0] or "application/octet-stream"
                        return URLFetcherResponse(
                            url, body=Path(ruta).read_bytes(), headers={"Content-Type": tipo}
                        )
            logger.warning("Recurso bloqueado al generar un PDF: %s", url[:200])
            raise ValueError(f"Recurso bloqueado: {url[:200]}")

    return FetcherEstatico


def html_a_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1): title and language come from <title> and <html lang>."""
    from weasyprint import HTML

    documento = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher_estatico()())
    return documento.write_pdf(pdf_variant="pdf/ua-1")
