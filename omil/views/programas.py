"""Views of the services' programme catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from nucleo.alcance import alcance_de
from nucleo.forms import errores_en_formulario
from nucleo.models import Rol, ServicioPublico
from nucleo.servicios import exigir
from omil import permissions, selectors, services
from omil.forms import ProgramaForm


def _servicios_que_represento(request):
    ids = {r.servicio_id for r in alcance_de(request.user).roles if r.rol == Rol.REPRESENTANTE}
    return ServicioPublico.objects.filter(pk__in=ids).order_by("sigla")


def programa_list(request):
    filtro, programas = selectors.programas_filtrados(request.user, request.GET)
    template = "omil/programa_list.html"
    if request.htmx:
        template += "#resultados"
    return render(
        request,
        template,
        {
            "form": filtro.form,
            "programas": programas,
            "puede_crear": _servicios_que_represento(request).exists(),
        },
    )


def programa_detail(request, pk: int):
    programa = get_object_or_404(selectors.programas_visibles(request.user), pk=pk)
    return render(
        request,
        "omil/programa_detail.html",
        {
            "programa": programa,
            "ficha": getattr(programa, "ficha", None),
            "puede_editar": permissions.puede_editar_programa(request.user, programa),
        },
    )


def programa_create(request):
    servicios = _servicios_que_represento(request)
    form = ProgramaForm(request.POST or None, servicios=servicios)
    if request.method == "POST" and form.is_valid():
        datos = form.cleaned_data
        try:
            programa = services.programa_crear(
                servicio=datos["servicio"],
                nombre=datos["nombre"],
                descripcion=datos["descripcion"],
                poblacion_objetivo=datos["poblacion_objetivo"],
                requisitos=datos["requisitos"],
                como_derivar=datos["como_derivar"],
                contacto=datos["contacto"],
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Programa publicado en la oferta programática de la región.")
            return redirect("omil:programa_detail", pk=programa.pk)
    return render(request, "omil/programa_form.html", {"form": form, "programa": None})


def programa_edit(request, pk: int):
    programa = get_object_or_404(selectors.programas_visibles(request.user), pk=pk)
    # A form page is offered only to whom the service would allow the change.
    exigir(permissions.puede_editar_programa(request.user, programa))
    ficha = programa.ficha
    inicial = {
        "version": programa.version,
        "nombre": programa.nombre,
        "descripcion": programa.descripcion,
        "poblacion_objetivo": programa.poblacion_objetivo,
        "requisitos": ficha.requisitos,
        "como_derivar": ficha.como_derivar,
        "contacto": ficha.contacto,
        "activo": programa.activo,
        "publico": programa.publico,
        "para_quien": programa.para_quien,
        "requisitos_publicos": programa.requisitos,
        "como_postular": programa.como_postular,
        "poblaciones": programa.poblaciones,
    }
    form = ProgramaForm(
        request.POST or None, initial=inicial, servicios=ServicioPublico.objects.none(), editar=True
    )
    if request.method == "POST" and form.is_valid():
        datos = form.cleaned_data
        try:
            services.programa_editar(programa=programa, por=request.user, **datos)
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Programa actualizado.")
            return redirect("omil:programa_detail", pk=programa.pk)
    return render(request, "omil/programa_form.html", {"form": form, "programa": programa})
