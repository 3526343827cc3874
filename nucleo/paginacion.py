"""Long lists are shown a page at a time (`?pagina=N`), keeping the filters in the links.

Used with the template `nucleo/_paginacion.html`, which expects `pagina` and `consulta`.
"""

from django.core.paginator import Page, Paginator


def pagina_de(request, qs, por_pagina: int = 25) -> Page:
    """The requested page; a missing, malformed or too large number gives the first or last."""
    return Paginator(qs, por_pagina).get_page(request.GET.get("pagina"))


def consulta_sin_pagina(request) -> str:
    """The current query string without `pagina`, for the links to other pages."""
    consulta = request.GET.copy()
    consulta.pop("pagina", None)
    return consulta.urlencode()
