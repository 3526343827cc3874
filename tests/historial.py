"""Reading the history pages (templates/nucleo/_historial.html) in tests."""

import re
from html import unescape

_CAMBIO = re.compile(
    r'<tr><th scope="row" class="fw-normal">(.*?)</th><td><del>(.*?)</del></td>'
    r"<td><ins>(.*?)</ins></td></tr>",
    re.S,
)


def cambios_en(html: str) -> list[tuple[str, str, str]]:
    """Every (field, before, after) row of the changes shown, newest version first."""
    return [tuple(unescape(parte) for parte in fila) for fila in _CAMBIO.findall(html)]
