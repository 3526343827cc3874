"""Every htmx action in the templates shows that it is working and cannot be sent twice: the
element that sends the request declares (or inherits) hx-disabled-elt, and has an indicator
(hx-indicator, or a .htmx-indicator spinner inside it, as _partials/enviando.html gives).
Polling (hx-trigger="every …") is nobody's tap and is left out."""

import re
from html.parser import HTMLParser

from django.conf import settings

PETICION = re.compile(r"^hx-(get|post|put|patch|delete)$")
VACIOS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
ENVIANDO = "_partials/enviando.html"


class _Acciones(HTMLParser):
    """The htmx elements of a template, each with what it declares, inherits and contains."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.abiertos: list[dict] = []
        self.acciones: list[dict] = []

    def handle_starttag(self, tag, attrs):
        atributos = dict(attrs)
        clases = (atributos.get("class") or "").split()
        for abierto in self.abiertos:
            abierto["indicador_dentro"] |= "htmx-indicator" in clases
        nodo = {
            "tag": tag,
            "atributos": atributos,
            "linea": self.getpos()[0],
            "heredados": {k for a in self.abiertos for k in a["atributos"]},
            "indicador_dentro": False,
        }
        if any(PETICION.match(nombre) for nombre in atributos):
            self.acciones.append(nodo)
        if tag not in VACIOS:
            self.abiertos.append(nodo)

    def handle_endtag(self, tag):
        for i in range(len(self.abiertos) - 1, -1, -1):
            if self.abiertos[i]["tag"] == tag:
                del self.abiertos[i:]
                break

    def handle_data(self, data):
        if ENVIANDO in data:
            for abierto in self.abiertos:
                abierto["indicador_dentro"] = True


def _acciones() -> list[tuple[str, dict]]:
    raiz = settings.BASE_DIR / "templates"
    encontradas = []
    for plantilla in sorted(raiz.rglob("*.html")):
        lector = _Acciones()
        lector.feed(plantilla.read_text())
        encontradas += [(str(plantilla.relative_to(raiz)), a) for a in lector.acciones]
    return encontradas


def test_cada_accion_htmx_tiene_indicador_y_no_se_envia_dos_veces():
    acciones = _acciones()
    faltas = []
    for plantilla, accion in acciones:
        atributos = accion["atributos"]
        if "every " in (atributos.get("hx-trigger") or ""):
            continue
        declarados = set(atributos) | accion["heredados"]
        donde = f"{plantilla}:{accion['linea']} <{accion['tag']}>"
        if "hx-disabled-elt" not in declarados:
            faltas.append(f"{donde} sin hx-disabled-elt")
        if "hx-indicator" not in declarados and not accion["indicador_dentro"]:
            faltas.append(f"{donde} sin indicador (hx-indicator o {ENVIANDO} dentro)")

    assert len(acciones) >= 15
    assert not faltas, "\n".join(faltas)
