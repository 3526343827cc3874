"""Views of agreements: list, create, mark fulfilled, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mesas import permissions, selectors, services
from mesas.forms import AcuerdoForm
from mesas.views._comun import _volver
from nucleo.forms import errores_en_formulario
from nucleo.models import Institucion
from nucleo.paginacion import consulta_sin_pagina, pagina_de
from nucleo.servicios import exigir


def acuerdo_list(request):
    filtro, acuerdos = selectors.acuerdos_filtrados(request.user, request.GET)
    pagina = pagina_de(
        request, acuerdos, filas=acuerdos.select_related(*selectors.RELACIONES_ACUERDO)
    )
    for a in pagina:
        a.puede_cumplir = a.abierto and permissions.puede_cumplir_acuerdo(request.user, a)
    return render(
        request,
        "mesas/acuerdo_list.html",
        {"form": filtro.form, "pagina": pagina, "consulta": consulta_sin_pagina(request)},
    )


def acuerdo_create(request, pk: int):
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    # A form page is offered only to whom the service would allow the change.
    exigir(permissions.puede_gestionar_mesa(request.user, sesion.mesa))
    instituciones = Institucion.objects.filter(
        pk__in=sesion.mesa.integrantes.filter(activo=True).values("institucion_id")
    ).order_by("nombre")
    form = AcuerdoForm(request.POST or None, mesa=sesion.mesa, instituciones=instituciones)
    if request.method == "POST" and form.is_valid():
        try:
            services.acuerdo_registrar(sesion=sesion, por=request.user, **form.cleaned_data)
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Acuerdo registrado.")
            if "otro" in request.POST:
                return redirect("mesas:acuerdo_create", pk=sesion.pk)
            return redirect(f"{sesion.get_absolute_url()}#acuerdos")
    return render(
        request, "mesas/acuerdo_form.html", {"form": form, "sesion": sesion, "mesa": sesion.mesa}
    )


@require_POST
def acuerdo_cumplir(request, pk: int):
    acuerdo = get_object_or_404(selectors.acuerdos_visibles(request.user), pk=pk)
    error = None
    try:
        services.acuerdo_cumplir(
            acuerdo=acuerdo, observacion=request.POST.get("observacion", ""), por=request.user
        )
    except ValidationError as e:
        error = " ".join(e.messages)
    if request.htmx:
        return render(
            request,
            "mesas/_acuerdo.html#celda",
            {"a": acuerdo, "error": error},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Acuerdo marcado como cumplido.")
    return redirect(_volver(request, acuerdo.get_absolute_url()))


def acuerdo_historial(request, pk: int):
    acuerdo = get_object_or_404(selectors.acuerdos_visibles(request.user), pk=pk)
    return render(
        request,
        "mesas/acuerdo_historial.html",
        {"acuerdo": acuerdo, "versiones": selectors.historial_de_acuerdo(acuerdo)},
    )
