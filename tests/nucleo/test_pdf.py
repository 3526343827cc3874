import http.server
import io
import threading

import pytest
from pypdf import PdfReader

from nucleo.pdf import html_a_pdf


@pytest.fixture
def servidor_espia():
    """A local HTTP server that counts the requests it gets."""
    pedidos = []

    class Manejador(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            pedidos.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    servidor = http.server.HTTPServer(("127.0.0.1", 0), Manejador)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    yield f"http://127.0.0.1:{servidor.server_port}", pedidos
    servidor.shutdown()


def test_pdf_no_busca_recursos_externos_ni_archivos_locales(servidor_espia, caplog):
    url, pedidos = servidor_espia
    html = (
        '<html lang="es-CL"><head><title>Minuta</title></head><body>'
        f'<h1>Minuta <img src="{url}/x.png"></h1>'
        '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:1/a.css">'
        f'<p style="background: url({url}/fondo.png)">texto</p></body></html>'
    )

    pdf = html_a_pdf(html)

    assert pedidos == []
    bloqueados = [r.getMessage() for r in caplog.records if "Recurso bloqueado" in r.getMessage()]
    assert any("/etc/passwd" in m for m in bloqueados)
    assert any(url in m for m in bloqueados)
    assert "root:" not in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_pdf_usa_nuestros_estaticos_y_queda_etiquetado():
    html = (
        '<!doctype html><html lang="es-CL"><head><title>Informe de prueba</title>'
        '<link rel="stylesheet" href="/static/css/pdf.css"></head>'
        "<body><h1>Evaluación semestral</h1><p>Región de Valparaíso</p></body></html>"
    )

    lector = PdfReader(io.BytesIO(html_a_pdf(html)))

    assert lector.metadata.title == "Informe de prueba"
    assert lector.trailer["/Root"]["/Lang"] == "es-CL"
    assert "/StructTreeRoot" in lector.trailer["/Root"]
    assert "Evaluación semestral" in lector.pages[0].extract_text()
    assert "Página 1 de 1" in lector.pages[0].extract_text()
