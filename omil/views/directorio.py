"""The OMIL directory and professionals."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from nucleo.models import Region
from omil import selectors
from omil.forms import (
    BuscarDirectorioForm,
)


def _region_del_directorio(request, form) -> Region:
    regiones = selectors.regiones_del_directorio(request.user)
    if not regiones:
        raise Http404
    pedida = request.GET.get("region") or regiones[0]
    if pedida not in regiones:
        raise Http404
    return Region.objects.get(pk=pedida)


def directorio(request):
    regiones = list(
        Region.objects.filter(codigo__in=selectors.regiones_del_directorio(request.user))
    )
    form = BuscarDirectorioForm(request.GET or None, regiones=regiones)
    region = _region_del_directorio(request, form)
    form.is_valid()
    buscar = (form.cleaned_data.get("q") if form.is_bound else "") or ""
    omiles = selectors.omiles_de_region(region.pk, buscar=buscar)
    return render(
        request,
        "omil/directorio.html",
        {"form": form, "region": region, "omiles": omiles, "buscar": buscar},
    )


def profesionales(request):
    regiones = list(
        Region.objects.filter(codigo__in=selectors.regiones_del_directorio(request.user))
    )
    form = BuscarDirectorioForm(request.GET or None, regiones=regiones)
    region = _region_del_directorio(request, form)
    datos = form.cleaned_data if form.is_valid() else {}
    personas = list(
        selectors.profesionales_de_region(
            region.pk, buscar=datos.get("q", ""), tipo=datos.get("tipo", "")
        )
    )
    for persona in personas:
        persona.enlace_tel = selectors.enlace_telefono(persona.usuario.telefono)
        persona.enlace_wa = selectors.enlace_whatsapp(persona.usuario.telefono)
    template = "omil/profesionales.html"
    if request.htmx:
        template += "#resultados"
    return render(
        request,
        template,
        {"form": form, "region": region, "personas": personas, "buscar": datos.get("q", "")},
    )
