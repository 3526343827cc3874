"""Long lists are shown a page at a time (`?pagina=N`), keeping the filters in the links.

Used with the template `nucleo/_paginacion.html`, which expects `pagina` and `consulta`.
"""

from django.core.paginator import Page, Paginator


def pagina_de(request, qs, por_pagina: int = 25, *, relaciones: tuple[str, ...] = ()) -> Page:
    """The requested page; a missing, malformed or too large number gives the first or last.

    `relaciones` are the page's `select_related`: the count and the sort run on the list's own
    table, and only the page's rows are joined (`pk IN (… LIMIT 25)`). Joining first makes
    PostgreSQL join every matching row before keeping 25 of them."""
    pagina = Paginator(qs, por_pagina).get_page(request.GET.get("pagina"))
    if relaciones:
        ids = pagina.object_list.values("pk")
        pagina.object_list = qs.filter(pk__in=ids).select_related(*relaciones)
    return pagina


def consulta_sin_pagina(request) -> str:
    """The current query string without `pagina`, for the links to other pages."""
    consulta = request.GET.copy()
    consulta.pop("pagina", None)
    return consulta.urlencode()
