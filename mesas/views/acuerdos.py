"""Views of agreements: list, create, mark fulfilled, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mesas import permissions, selectors, services
from mesas.filters import AcuerdoFilter
from mesas.forms import AcuerdoForm
from mesas.models import Acuerdo
from mesas.views._comun import _volver
from nucleo.alcance import alcance_de
from nucleo.forms import errores_en_formulario
from nucleo.models import Institucion
from nucleo.paginacion import consulta_sin_pagina, pagina_de
from nucleo.servicios import exigir


def acuerdo_list(request):
    # The visible mesas, by name only: the filter's choices, and the scope of the list as a short
    # list of ids (the planner then reads agreements by mesa instead of joining every mesa).
    mesas = list(
        selectors.mesas_visibles(request.user)
        .select_related(None)
        .only("pk", "nombre")
        .order_by("-tipo", "nombre")
    )
    acuerdos = selectors.acuerdos_de_mesas([m.pk for m in mesas])
    alcance = alcance_de(request.user)
    # Only institutions that answer for some agreement the user sees: a short, useful list.
    instituciones = (
        Institucion.objects.filter(
            region_id__in=alcance.regiones(),
            pk__in=acuerdos.values("institucion_responsable_id"),
        )
        .only("pk", "nombre")
        .order_by("nombre")
    )
    # A wrong value (a mesa out of scope) drops that filter only, with a message.
    filtro = AcuerdoFilter(request.GET, queryset=acuerdos, mesas=mesas, instituciones=instituciones)
    acuerdos = filtro.qs
    # Most urgent first: overdue, then pending by deadline; completed ones last.
    urgencia = Case(
        When(estado=Acuerdo.Estado.VENCIDO, then=0),
        When(estado=Acuerdo.Estado.PENDIENTE, then=1),
        default=2,
    )
    pagina = pagina_de(
        request,
        acuerdos.order_by(urgencia, "fecha_limite", "pk"),
        filas=acuerdos.select_related(*selectors.RELACIONES_ACUERDO),
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
