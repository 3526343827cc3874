"""Start-up: a web process does not load what only PDF-making code uses (issue 19, point 7)."""

import os
import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]

# Loads settings, every app, the whole URLconf (so every view module) and the WSGI handler, as a
# gunicorn web process does before its first request; then reports whether WeasyPrint was imported.
PROGRAMA = """
import sys
from config.wsgi import application
from django.urls import get_resolver
from django.core.management import call_command

get_resolver().url_patterns
call_command("check")
print("weasyprint" in sys.modules)
"""


def _correr(programa: str) -> str:
    entorno = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    resultado = subprocess.run(
        [sys.executable, "-c", programa],
        cwd=RAIZ,
        env=entorno,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert resultado.returncode == 0, resultado.stderr[-2000:]
    return resultado.stdout.strip().splitlines()[-1]


def test_un_proceso_web_no_carga_weasyprint_al_arrancar():
    assert _correr(PROGRAMA) == "False"


def test_weasyprint_se_carga_recien_al_hacer_un_pdf():
    programa = PROGRAMA.replace(
        'print("weasyprint" in sys.modules)',
        "from nucleo.pdf import html_a_pdf\n"
        'pdf = html_a_pdf("<html lang=es><title>t</title><p>hola</p></html>")\n'
        'print(pdf[:4] == b"%PDF" and "weasyprint" in sys.modules)',
    )

    assert _correr(programa) == "True"
