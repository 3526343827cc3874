"""Small SVG charts for the PDF (WeasyPrint renders inline SVG). Labels are escaped."""

from __future__ import annotations

from django.utils.html import escape

from nucleo import formato

COLORES = ["#0b3d6e", "#3f83c4", "#f0a202", "#1b6e3a", "#9a1b1b", "#6c4f9e"]
FUENTE = 'font-family="Open Sans, DejaVu Sans, sans-serif"'


def svg(grafico: dict) -> str:
    if grafico["tipo"] == "barras":
        return barras(grafico)
    raise ValueError(f"Tipo de gráfico desconocido: {grafico['tipo']}")


def barras(grafico: dict) -> str:
    """Grouped horizontal bars: {"titulo", "categorias": [...], "series": [{"nombre", "valores"}],
    "unidad": "%"}."""
    categorias = grafico["categorias"]
    series = grafico["series"]
    unidad = grafico.get("unidad", "")
    maximo = max([v for s in series for v in s["valores"]] + [1])
    if unidad == "%":
        maximo = max(maximo, 100)
    ancho, izquierda, alto_barra = 480, 190, 12
    alto_grupo = alto_barra * len(series) + 10
    alto = 30 + alto_grupo * len(categorias) + 20 * len(series) + 10
    partes = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{ancho}" height="{alto}" '
        f'viewBox="0 0 {ancho} {alto}" role="img" aria-label="{escape(grafico["titulo"])}">',
        f"<title>{escape(grafico['titulo'])}</title>",
    ]
    util = ancho - izquierda - 50
    for i, categoria in enumerate(categorias):
        y0 = 20 + i * alto_grupo
        partes.append(
            f'<text x="{izquierda - 6}" y="{y0 + alto_grupo / 2}" text-anchor="end" '
            f'font-size="9" {FUENTE}>{escape(_corto(categoria))}</text>'
        )
        for j, serie in enumerate(series):
            valor = serie["valores"][i]
            largo = util * (valor / maximo) if maximo else 0
            y = y0 + j * alto_barra
            partes.append(
                f'<rect x="{izquierda}" y="{y}" width="{largo:.1f}" height="{alto_barra - 2}" '
                f'fill="{COLORES[j % len(COLORES)]}"/>'
            )
            partes.append(
                f'<text x="{izquierda + largo + 4:.1f}" y="{y + alto_barra - 3}" font-size="8" '
                f"{FUENTE}>{formato.numero(valor)}{escape(unidad)}</text>"
            )
    leyenda_y = 20 + alto_grupo * len(categorias) + 8
    for j, serie in enumerate(series):
        y = leyenda_y + j * 18
        color = COLORES[j % len(COLORES)]
        partes.append(f'<rect x="{izquierda}" y="{y}" width="10" height="10" fill="{color}"/>')
        partes.append(
            f'<text x="{izquierda + 14}" y="{y + 9}" font-size="9" {FUENTE}>'
            f"{escape(serie['nombre'])}</text>"
        )
    partes.append("</svg>")
    return "".join(partes)


def _corto(texto: str, largo: int = 34) -> str:
    return texto if len(texto) <= largo else texto[: largo - 1] + "…"
