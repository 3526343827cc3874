"""The OMIL directory and professionals."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from nucleo.models import Region
from omil import selectors


def _regiones_y_region(request) -> tuple[list[Region], Region]:
    """The regions of the user's directory and the one asked for (the first by default); 404
    outside the user's scope."""
    codigos = selectors.regiones_del_directorio(request.user)
    if not codigos:
        raise Http404
    pedida = request.GET.get("region") or codigos[0]
    if pedida not in codigos:
        raise Http404
    regiones = list(Region.objects.filter(codigo__in=codigos))
    return regiones, next(r for r in regiones if r.pk == pedida)


def directorio(request):
    regiones, region = _regiones_y_region(request)
    filtro, omiles = selectors.omiles_filtradas(region, regiones, request.GET)
    return render(
        request,
        "omil/directorio.html",
        {"form": filtro.form, "region": region, "omiles": omiles, "buscar": filtro.buscar},
    )


def profesionales(request):
    regiones, region = _regiones_y_region(request)
    filtro, personas = selectors.profesionales_filtrados(region, regiones, request.GET)
    personas = list(personas)
    for persona in personas:
        persona.enlace_tel = selectors.enlace_telefono(persona.usuario.telefono)
        persona.enlace_wa = selectors.enlace_whatsapp(persona.usuario.telefono)
    template = "omil/profesionales.html"
    if request.htmx:
        template += "#resultados"
    return render(
        request,
        template,
        {"form": filtro.form, "region": region, "personas": personas, "buscar": filtro.buscar},
    )
