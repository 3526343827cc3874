from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from convenios import permissions, selectors, services
from convenios.excel import libro_convenios
from convenios.forms import ConvenioForm, ObligacionFormSet, obligaciones_de, partes_de_region
from convenios.models import Convenio
from nucleo import formato
from nucleo.archivos import respuesta_descarga
from nucleo.forms import errores_en_formulario
from nucleo.servicios import exigir


def convenio_list(request):
    filtro, convenios = selectors.convenios_filtrados(
        request.user, request.GET, timezone.localdate()
    )
    convenios = list(convenios)
    return render(
        request,
        "convenios/convenio_list.html",
        {
            "filtro": filtro,
            "convenios": convenios,
            "total_recursos": sum(c.recursos_comprometidos for c in convenios),
            "puede_crear": bool(permissions.regiones_que_gestiona(request.user)),
            "consulta": request.GET.urlencode(),
        },
    )


def convenio_export(request):
    hoy = timezone.localdate()
    _filtro, convenios = selectors.convenios_filtrados(request.user, request.GET, hoy)
    contenido = libro_convenios(
        list(convenios), hoy=hoy, titulo=f"Convenios al {formato.fecha(hoy)}"
    )
    respuesta = HttpResponse(
        contenido,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    respuesta["Content-Disposition"] = f'attachment; filename="convenios-{hoy:%Y-%m-%d}.xlsx"'
    respuesta["Cache-Control"] = "no-store"
    return respuesta


def convenio_detail(request, pk: int):
    convenio = get_object_or_404(selectors.convenio_con_detalle(request.user), pk=pk)
    return render(
        request,
        "convenios/convenio_detail.html",
        {
            "convenio": convenio,
            "puede_gestionar": permissions.puede_gestionar_convenio(request.user, convenio),
            "alertas": selectors.alertas_de(convenio),
        },
    )


def _formulario(request, convenio: Convenio | None, region_id: str):
    form = ConvenioForm(
        request.POST or None,
        request.FILES or None,
        instance=convenio,
        region_id=region_id,
    )
    inicial = []
    if convenio is not None and convenio.pk:
        inicial = [
            {"id": o.pk, "parte": o.parte_id, "descripcion": o.descripcion}
            for o in convenio.obligaciones.all()
        ]
    formset = ObligacionFormSet(
        request.POST or None,
        initial=inicial,
        prefix="obligaciones",
        form_kwargs={"partes": partes_de_region(region_id)},
    )
    return form, formset


def convenio_create(request):
    regiones = sorted(permissions.regiones_que_gestiona(request.user))
    region_id = request.GET.get("region") or regiones[0]
    if region_id not in regiones:
        raise Http404
    oficina = selectors.oficina_sence(region_id)
    if oficina is None:
        raise Http404
    form, formset = _formulario(request, None, region_id)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            convenio = services.convenio_crear(
                oficina_sence=oficina,
                datos=form.datos(),
                instituciones=list(form.cleaned_data["instituciones"]),
                obligaciones=obligaciones_de(formset),
                documento=form.cleaned_data.get("documento"),
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Convenio registrado.")
            return redirect(convenio)
    return render(
        request,
        "convenios/convenio_form.html",
        {"form": form, "formset": formset, "convenio": None},
    )


def convenio_edit(request, pk: int):
    convenio = get_object_or_404(selectors.convenio_con_detalle(request.user), pk=pk)
    # A form page is offered only to whom the service would allow the change.
    exigir(permissions.puede_gestionar_convenio(request.user, convenio))
    form, formset = _formulario(request, convenio, convenio.oficina_sence.region_id)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.convenio_editar(
                convenio=convenio,
                version=form.cleaned_data["version"],
                datos=form.datos(),
                instituciones=list(form.cleaned_data["instituciones"]),
                obligaciones=obligaciones_de(formset),
                documento=form.cleaned_data.get("documento"),
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, f"Convenio guardado (versión {convenio.version}).")
            return redirect(convenio)
    return render(
        request,
        "convenios/convenio_form.html",
        {"form": form, "formset": formset, "convenio": convenio},
    )


def convenio_descargar(request, pk: int):
    convenio = get_object_or_404(selectors.convenios_visibles(request.user), pk=pk)
    if not convenio.documento:
        raise Http404("El convenio no tiene documento firmado.")
    nombre = convenio.documento_nombre or f"convenio-{convenio.pk}.pdf"
    return respuesta_descarga(convenio.documento, nombre, "application/pdf")


def convenio_historial(request, pk: int):
    convenio = get_object_or_404(selectors.convenios_visibles(request.user), pk=pk)
    return render(
        request,
        "convenios/convenio_historial.html",
        {"convenio": convenio, "versiones": selectors.historial_de_convenio(convenio)},
    )
