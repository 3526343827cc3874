"""Views of a session's minute versions: upload, download, PDF, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mesas import permissions, selectors, services
from mesas.forms import (
    MinutaForm,
)
from mesas.models import Minuta
from nucleo.archivos import respuesta_descarga
from nucleo.historial import registrar_lectura
from nucleo.servicios import exigir


def minuta_create(request, pk: int):
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    # A form page is offered only to whom the service would allow the change.
    exigir(permissions.puede_gestionar_mesa(request.user, sesion.mesa))
    actual = selectors.minuta_vigente(sesion)
    form = MinutaForm(
        request.POST or None,
        request.FILES or None,
        initial=selectors.inicial_de_minuta(sesion, actual),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            minuta = services.minuta_subir(
                sesion=sesion,
                archivo=d["archivo"] if d["tipo"] == MinutaForm.ARCHIVO else None,
                texto=d["texto"].replace("\r\n", "\n") if d["tipo"] == MinutaForm.TEXTO else "",
                nota=d["nota"],
                por=request.user,
            )
        except ValidationError as error:
            form.add_error("archivo" if d["archivo"] else None, error.messages)
        else:
            messages.success(request, f"Minuta guardada (versión {minuta.numero}).")
            return redirect(f"{sesion.get_absolute_url()}#minuta")
    return render(
        request,
        "mesas/minuta_form.html",
        {"form": form, "sesion": sesion, "mesa": sesion.mesa, "actual": actual},
    )


@require_POST
def minuta_eliminar(request, pk: int):
    minuta = get_object_or_404(selectors.minutas_visibles(request.user), pk=pk)
    services.minuta_eliminar(minuta=minuta, por=request.user)
    messages.success(
        request,
        f"Versión {minuta.numero} de la minuta eliminada. Puedes restaurarla desde «Minutas "
        "eliminadas» en esta misma página.",
    )
    return redirect(f"{minuta.sesion.get_absolute_url()}#minuta")


@require_POST
def minuta_restaurar(request, pk: int):
    minuta = get_object_or_404(selectors.minutas_eliminadas_visibles(request.user), pk=pk)
    services.minuta_restaurar(minuta=minuta, por=request.user)
    messages.success(request, f"Versión {minuta.numero} de la minuta restaurada.")
    return redirect(f"{minuta.sesion.get_absolute_url()}#minuta")


def minuta_download(request, pk: int):
    minuta = get_object_or_404(selectors.minutas_visibles(request.user), pk=pk)
    if not minuta.archivo:
        raise Http404("Esta versión de la minuta no tiene archivo.")
    registrar_lectura(request, minuta, f"Archivo de la {minuta}")
    return respuesta_descarga(minuta.archivo, minuta.nombre_original, minuta.content_type or None)


def _registrar_lectura_del_texto(request, minuta: Minuta, donde: str) -> None:
    registrar_lectura(request, minuta, f"Texto de la {minuta} ({donde})")


def minuta_historial(request, pk: int):
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    versiones = selectors.historial_de_minutas(
        sesion, con_eliminadas=permissions.puede_gestionar_mesa(request.user, sesion.mesa)
    )
    respuesta = render(
        request,
        "mesas/minuta_historial.html",
        {"sesion": sesion, "mesa": sesion.mesa, "versiones": versiones},
    )
    # The changes show the texts (cut short): a read of each minute whose text appears.
    con_texto = {v.registro.id: v.registro.instance for v in versiones if v.registro.texto}
    for minuta in con_texto.values():
        _registrar_lectura_del_texto(request, minuta, "historial")
    return respuesta


def minuta_pdf(request, pk: int):
    from mesas.pdf import minuta_pdf as generar

    minuta = get_object_or_404(selectors.minutas_visibles(request.user), pk=pk)
    if not minuta.es_texto:
        raise Http404("Esta versión de la minuta es un archivo: se descarga tal como se subió.")
    registrar_lectura(request, minuta, f"Texto de la {minuta} (PDF)")
    inicio = timezone.localtime(minuta.sesion.inicio)
    respuesta = HttpResponse(generar(minuta), content_type="application/pdf")
    respuesta["Content-Disposition"] = (
        f'attachment; filename="minuta-{inicio:%Y-%m-%d}-v{minuta.numero}.pdf"'
    )
    return respuesta
