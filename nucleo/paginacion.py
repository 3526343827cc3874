"""Long lists are shown a page at a time (`?pagina=N`), keeping the filters in the links.

Used with the template `nucleo/_paginacion.html`, which expects `pagina` and `consulta`.
"""

from django.core.paginator import Page, Paginator


def pagina_de(request, qs, por_pagina: int = 25, *, filas=None) -> Page:
    """The requested page; a missing, malformed or too large number gives the first or last.

    `filas`, when given, is the queryset that reads the page's rows, with their joins and
    annotations: `qs` (the list's own table, sorted) only counts and picks the page's ids, and
    `filas` reads those 25 (`pk IN (… LIMIT 25)`). Otherwise PostgreSQL joins or groups every
    matching row before keeping 25 of them."""
    pagina = Paginator(qs, por_pagina).get_page(request.GET.get("pagina"))
    if filas is not None:
        ids = pagina.object_list.values("pk")
        orden = qs.query.order_by or qs.model._meta.ordering
        pagina.object_list = filas.filter(pk__in=ids).order_by(*orden)
    return pagina


def consulta_sin_pagina(request) -> str:
    """The current query string without `pagina`, for the links to other pages."""
    consulta = request.GET.copy()
    consulta.pop("pagina", None)
    return consulta.urlencode()
