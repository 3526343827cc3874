"""Views of companies (the Red de Empleadores)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from empresas import forms, selectors, services
from empresas.permissions import (
    puede_editar_empresa,
    puede_planificar_visitas,
)
from nucleo.forms import errores_en_formulario
from nucleo.paginacion import consulta_sin_pagina, pagina_de
from nucleo.servicios import exigir


def empresa_list(request):
    filtro, empresas = selectors.empresas_filtradas(request.user, request.GET)
    # Count and sort companies alone; count the visits of the page's 25 only.
    pagina = pagina_de(
        request,
        empresas,
        filas=selectors.empresas_visibles(request.user).annotate(
            n_visitas=Count("visitas", distinct=True)
        ),
    )
    contexto = {
        "filtro": filtro,
        "pagina": pagina,
        "total": pagina.paginator.count,
        "consulta": consulta_sin_pagina(request),
        "puede_registrar": puede_planificar_visitas(request.user),
        "filtrando": filtro.filtrando,
    }
    if request.htmx:
        return render(request, "empresas/empresa_list.html#resultados", contexto)
    return render(request, "empresas/empresa_list.html", contexto)


def empresa_detail(request, pk: int):
    empresa = get_object_or_404(selectors.empresa_con_detalle(request.user), pk=pk)
    necesidades = list(empresa.necesidades.all())
    return render(
        request,
        "empresas/empresa_detail.html",
        {
            "empresa": empresa,
            "necesidades": necesidades,
            "sugerencias": selectors.servicios_sugeridos(n.tipo for n in necesidades),
            "visitas": selectors.visitas_de_empresa(request.user, empresa).order_by("-inicio"),
            "encuentros": selectors.encuentros_de_empresa(request.user, empresa),
            "puede_editar": puede_editar_empresa(request.user, empresa),
            "cambios": empresa.history.select_related("history_user")[:8],
            "ahora": timezone.now(),
        },
    )


def _formulario_empresa(request, empresa=None):
    datos = request.POST if request.method == "POST" else None
    form = forms.EmpresaForm(datos, instance=empresa, usuario=request.user)
    contactos = forms.ContactoFormSet(datos, instance=empresa, prefix="contactos")
    necesidades = forms.NecesidadFormSet(datos, instance=empresa, prefix="necesidades")
    if request.method == "POST" and all(
        [form.is_valid(), contactos.is_valid(), necesidades.is_valid()]
    ):
        datos_empresa = {c: form.cleaned_data[c] for c in services.CAMPOS_EMPRESA}
        try:
            if empresa is None:
                empresa = services.empresa_crear(
                    datos=datos_empresa,
                    contactos=forms.filas_de(contactos),
                    necesidades=forms.filas_de(necesidades),
                    por=request.user,
                )
                messages.success(request, f"Empresa «{empresa}» registrada.")
            else:
                services.empresa_actualizar(
                    empresa=empresa,
                    version=form.cleaned_data.get("version") or 0,
                    datos=datos_empresa,
                    contactos=forms.filas_de(contactos),
                    necesidades=forms.filas_de(necesidades),
                    por=request.user,
                )
                messages.success(request, "Cambios guardados.")
            return redirect(empresa)
        except ValidationError as error:
            errores_en_formulario(form, error)
    return render(
        request,
        "empresas/empresa_form.html",
        {"form": form, "contactos": contactos, "necesidades": necesidades, "empresa": empresa},
    )


@require_http_methods(["GET", "POST"])
def empresa_create(request):
    return _formulario_empresa(request)


@require_http_methods(["GET", "POST"])
def empresa_update(request, pk: int):
    empresa = get_object_or_404(selectors.empresas_visibles(request.user), pk=pk)
    # A form page is offered only to whom the service would allow the change.
    exigir(puede_editar_empresa(request.user, empresa))
    return _formulario_empresa(request, empresa)
