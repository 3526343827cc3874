"""A date (dd-mm-aaaa) in a table cell does not wrap at its hyphens in a narrow column: the cell,
or a span around the date, is .text-nowrap."""

import re
from html.parser import HTMLParser

from django.conf import settings

FECHA = re.compile(r'\{\{[^}]*\|date:"d-m[^}]*\}\}')
VACIOS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Fechas(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.abiertos: list[tuple[str, set[str]]] = []
        self.sueltas: list[int] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VACIOS:
            self.abiertos.append((tag, set((dict(attrs).get("class") or "").split())))

    def handle_endtag(self, tag):
        for i in range(len(self.abiertos) - 1, -1, -1):
            if self.abiertos[i][0] == tag:
                del self.abiertos[i:]
                break

    def handle_data(self, data):
        etiquetas = [tag for tag, _ in self.abiertos]
        if not FECHA.search(data) or not {"td", "th"} & set(etiquetas):
            return
        if any({"text-nowrap", "visually-hidden"} & clases for _, clases in self.abiertos):
            return  # kept on one line, or not shown at all
        self.sueltas.append(self.getpos()[0])


def test_las_fechas_de_las_tablas_no_se_cortan_en_el_guion():
    raiz = settings.BASE_DIR / "templates"
    sueltas = []
    for plantilla in sorted(raiz.rglob("*.html")):
        if plantilla.is_relative_to(raiz / "informes" / "pdf"):
            continue  # a PDF's columns are laid out by WeasyPrint on A4
        lector = _Fechas()
        lector.feed(plantilla.read_text())
        sueltas += [f"{plantilla.relative_to(raiz)}:{linea}" for linea in lector.sueltas]

    assert not sueltas, "Fechas en celdas que pueden cortarse en el guion:\n" + "\n".join(sueltas)
