"""Company import from a spreadsheet: upload, preview, confirm."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from empresas import forms, importacion, selectors, services
from nucleo.forms import errores_en_formulario


@require_http_methods(["GET", "POST"])
def importar(request):
    form = forms.ImportarForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            subida = services.importacion_subir(
                archivo=form.cleaned_data["archivo"], por=request.user
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            return redirect("empresas:importar_previa", pk=subida.pk)
    return render(
        request,
        "empresas/importar.html",
        {
            "form": form,
            "max_filas": importacion.MAX_FILAS,
            "columnas": importacion.ENCABEZADOS_PLANTILLA,
        },
    )


@require_http_methods(["GET", "POST"])
def importar_previa(request, pk: int):
    subida = get_object_or_404(selectors.importaciones_propias(request.user), pk=pk)
    if subida.estado == subida.Estado.IMPORTADA:
        return render(request, "empresas/importar_previa.html", {"subida": subida})
    try:
        lectura = services.importacion_leer(importacion=subida, por=request.user)
    except (ValidationError, OSError):
        messages.error(request, "No se pudo volver a leer la planilla. Súbela de nuevo.")
        return redirect("empresas:importar")
    # The mapping travels with the request: chosen in the preview (GET), confirmed (POST).
    datos = request.POST if request.method == "POST" else request.GET
    columnas = lectura.columnas
    mapeo = None
    if forms.MapeoForm.enviado(datos):
        mapeo = forms.MapeoForm(datos, columnas=columnas).mapeo()
    if request.method == "POST":
        try:
            services.importacion_confirmar(importacion=subida, por=request.user, mapeo=mapeo)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("empresas:importar_previa", pk=subida.pk)
        subida.refresh_from_db()
        messages.success(
            request,
            f"Importación lista: {subida.creadas} empresas nuevas, {subida.omitidas} ya "
            f"registradas sin cambios y {subida.con_errores} filas con errores no importadas.",
        )
        return redirect("empresas:importar_previa", pk=subida.pk)
    analisis = services.importacion_analizar(
        importacion=subida, por=request.user, mapeo=mapeo, lectura=lectura
    )
    form = forms.MapeoForm(columnas=analisis.columnas)
    return render(
        request,
        "empresas/importar_previa.html",
        {"subida": subida, "analisis": analisis, "form_mapeo": form},
    )


def plantilla_importacion(request):
    respuesta = HttpResponse(importacion.plantilla_csv(), content_type="text/csv; charset=utf-8")
    respuesta["Content-Disposition"] = 'attachment; filename="plantilla-empresas.csv"'
    return respuesta
