"""A real Celery worker whose PDF phase takes DEMORA_PDF seconds longer, so that a test can kill
it in the middle of a report. Run as: python -m tests.informes.trabajador_lento <celery args>."""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django.setup()

from informes import documento  # noqa: E402

_pdf_de = documento.pdf_de


def pdf_lento(html: str) -> bytes:
    time.sleep(float(os.environ.get("DEMORA_PDF", "0")))
    return _pdf_de(html)


documento.pdf_de = pdf_lento

if __name__ == "__main__":
    from celery.bin.celery import main

    sys.argv = ["celery", "-A", "config", *sys.argv[1:]]
    main()
