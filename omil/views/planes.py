"""Views of communal plans: list, edit, workflow, signed document, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from nucleo.alcance import alcance_de
from nucleo.archivos import respuesta_descarga
from nucleo.forms import errores_en_formulario
from nucleo.historial import registrar_lectura
from nucleo.models import Comuna
from nucleo.paginacion import consulta_sin_pagina, pagina_de
from nucleo.servicios import exigir
from omil import permissions, selectors, services
from omil.forms import (
    AvanceForm,
    ComentarioForm,
    DocumentoForm,
    LineaFormSet,
    ObservarForm,
    PlanCrearForm,
    PlanForm,
    lineas_de,
)
from omil.models import LineaAccion, PlanComunal


def _mensajes(request, error: ValidationError) -> None:
    for mensaje in error.messages:
        messages.error(request, mensaje)


def plan_list(request):
    alcance = alcance_de(request.user)
    filtro, planes = selectors.planes_filtrados(request.user, request.GET)
    este_anio = timezone.localdate().year
    pendientes = list(
        Comuna.objects.filter(codigo__in=alcance.comunas_omil())
        .exclude(codigo__in=PlanComunal.objects.filter(anio=este_anio).values("comuna_id"))
        .order_by("nombre")
    )
    return render(
        request,
        "omil/plan_list.html",
        {
            "pagina": pagina_de(request, planes, filas=selectors.planes_para_lista(request.user)),
            "consulta": consulta_sin_pagina(request),
            "filtro": filtro,
            "puede_crear": permissions.puede_crear_plan(request.user),
            "comunas_sin_plan": pendientes,
            "este_anio": este_anio,
            "es_sence": alcance.es_sence(),
            "eliminados": list(selectors.planes_eliminados_visibles(request.user)),
        },
    )


def plan_create(request):
    alcance = alcance_de(request.user)
    comunas = list(Comuna.objects.filter(codigo__in=alcance.comunas_omil()).order_by("nombre"))
    form = PlanCrearForm(request.POST or None, comunas=comunas)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_crear(
                comuna=Comuna.objects.get(pk=form.cleaned_data["comuna"]),
                anio=form.cleaned_data["anio"],
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(
                request, "Plan creado. Completa el diagnóstico y las líneas de acción."
            )
            return redirect("omil:plan_edit", pk=plan.pk)
    return render(request, "omil/plan_create.html", {"form": form, "comunas": comunas})


def plan_detail(request, pk: int):
    plan = get_object_or_404(selectors.plan_con_detalle(request.user), pk=pk)
    usuario = request.user
    lineas = plan.lineas.all()
    return render(
        request,
        "omil/plan_detail.html",
        {
            "plan": plan,
            "lineas": lineas,
            "avance": selectors.avance_del_plan(list(lineas)),
            "es_omil": permissions.es_omil_del_plan(usuario, plan),
            "transiciones": plan.transiciones.all(),
            "puede_editar": permissions.puede_editar_plan(usuario, plan),
            "puede_enviar": permissions.puede_enviar_plan(usuario, plan),
            "puede_visar": permissions.puede_visar_plan(usuario, plan),
            "espera_autoridad": plan.editable and permissions.requiere_aprobacion_comunal(plan),
            "puede_revisar": permissions.puede_revisar_plan(usuario, plan),
            "puede_avance": permissions.puede_registrar_avance(usuario, plan),
            "puede_documento": permissions.puede_subir_documento(usuario, plan),
            "form_documento": DocumentoForm(),
            "form_observar": ObservarForm(),
            "form_aprobar": ComentarioForm(),
            "form_enviar": ComentarioForm(),
            "estados_linea": LineaAccion.Estado.choices,
            "Estado": PlanComunal.Estado,  # states compared by their TextChoices in the page
        },
    )


def plan_edit(request, pk: int):
    plan = get_object_or_404(selectors.planes_visibles(request.user), pk=pk)
    # A form page is offered only to whom the service would allow the change.
    exigir(permissions.es_omil_del_plan(request.user, plan))
    if not plan.editable:
        messages.warning(
            request,
            f"El plan está «{plan.get_estado_display()}»: no se puede editar mientras SENCE lo "
            "revisa ni después de aprobado.",
        )
        return redirect(plan)
    region_id = plan.comuna.region_id
    form = PlanForm(request.POST or None, instance=plan)
    formset = LineaFormSet(
        request.POST or None,
        instance=plan,
        prefix="lineas",
        form_kwargs={"region_id": region_id},
        queryset=plan.lineas.prefetch_related("servicios").order_by("orden", "pk"),
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.plan_guardar(
                plan=plan,
                version=form.cleaned_data["version"],
                poblaciones_foco=form.cleaned_data["poblaciones_foco"],
                diagnostico=form.cleaned_data["diagnostico"],
                lineas=lineas_de(formset),
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, f"Plan guardado (versión {plan.version}).")
            return redirect(plan)
    return render(request, "omil/plan_edit.html", {"plan": plan, "form": form, "formset": formset})


def _plan_en_alcance(request, pk: int) -> PlanComunal:
    return get_object_or_404(selectors.planes_visibles(request.user), pk=pk)


@require_POST
def plan_eliminar(request, pk: int):
    plan = _plan_en_alcance(request, pk)
    try:
        services.plan_eliminar(plan=plan, por=request.user)
    except ValidationError as error:
        _mensajes(request, error)
        return redirect(plan)
    messages.success(
        request,
        f"{plan} eliminado. Puedes restaurarlo desde «Planes eliminados» en la lista de planes.",
    )
    return redirect("omil:plan_list")


@require_POST
def plan_restaurar(request, pk: int):
    plan = get_object_or_404(selectors.planes_eliminados_visibles(request.user), pk=pk)
    try:
        services.plan_restaurar(plan=plan, por=request.user)
    except ValidationError as error:
        _mensajes(request, error)
        return redirect("omil:plan_list")
    messages.success(request, f"{plan} restaurado.")
    return redirect(plan)


@require_POST
def plan_enviar(request, pk: int):
    plan = _plan_en_alcance(request, pk)
    form = ComentarioForm(request.POST)
    form.is_valid()
    try:
        services.plan_enviar(
            plan=plan, por=request.user, comentario=form.cleaned_data.get("comentario", "")
        )
    except ValidationError as error:
        _mensajes(request, error)
    else:
        messages.success(
            request, "Plan enviado a SENCE. Te avisaremos por correo cuando lo revise."
        )
    return redirect(plan)


def plan_observar(request, pk: int):
    plan = _plan_en_alcance(request, pk)
    form = ObservarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_observar(
                plan=plan, por=request.user, observaciones=form.cleaned_data["comentario"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errores_en_formulario(form, error)
            else:
                _mensajes(request, error)
                return redirect(plan)
        else:
            messages.success(request, "Observaciones enviadas a la OMIL.")
            return redirect(plan)
    return render(request, "omil/plan_observar.html", {"plan": plan, "form": form})


@require_POST
def plan_visar(request, pk: int):
    plan = _plan_en_alcance(request, pk)
    form = ComentarioForm(request.POST)
    form.is_valid()
    try:
        services.plan_visar(
            plan=plan, por=request.user, comentario=form.cleaned_data.get("comentario", "")
        )
    except ValidationError as error:
        _mensajes(request, error)
    else:
        messages.success(request, "Plan aprobado. La OMIL ya puede enviarlo a SENCE.")
    return redirect(plan)


@require_POST
def plan_aprobar(request, pk: int):
    plan = _plan_en_alcance(request, pk)
    form = ComentarioForm(request.POST)
    form.is_valid()
    try:
        services.plan_aprobar(
            plan=plan, por=request.user, comentario=form.cleaned_data.get("comentario", "")
        )
    except ValidationError as error:
        _mensajes(request, error)
    else:
        messages.success(request, "Plan aprobado. La OMIL fue notificada por correo.")
    return redirect(plan)


@require_POST
def plan_documento(request, pk: int):
    plan = _plan_en_alcance(request, pk)
    form = DocumentoForm(request.POST, request.FILES)
    if not form.is_valid():
        for errores in form.errors.values():
            for mensaje in errores:
                messages.error(request, mensaje)
        return redirect(plan)
    try:
        services.plan_subir_documento(
            plan=plan, archivo=form.cleaned_data["archivo"], por=request.user
        )
    except ValidationError as error:
        _mensajes(request, error)
    else:
        messages.success(request, "Plan firmado cargado.")
    return redirect(plan)


def plan_descargar(request, pk: int):
    plan = _plan_en_alcance(request, pk)
    if not plan.documento:
        raise Http404("El plan no tiene documento firmado.")
    nombre = plan.documento_nombre or f"plan-{plan.comuna.nombre}-{plan.anio}.pdf"
    registrar_lectura(request, plan, f"Documento firmado del {plan}")
    return respuesta_descarga(plan.documento, nombre, "application/pdf")


def plan_historial(request, pk: int):
    plan = _plan_en_alcance(request, pk)
    versiones = list(plan.history.select_related("history_user").order_by("-history_date"))
    return render(request, "omil/plan_historial.html", {"plan": plan, "versiones": versiones})


def plan_comparar(request, pk: int):
    plan = _plan_en_alcance(request, pk)
    historial = plan.history.select_related("history_user")
    try:
        a = historial.get(history_id=int(request.GET.get("a", "")))
        b = historial.get(history_id=int(request.GET.get("b", "")))
    except (ValueError, plan.history.model.DoesNotExist):
        messages.error(request, "Elige dos versiones de este plan para compararlas.")
        return redirect("omil:plan_historial", pk=plan.pk)
    antes, despues = sorted([a, b], key=lambda v: v.history_date)
    comparacion = selectors.comparar_versiones(antes, despues)
    return render(
        request,
        "omil/plan_comparar.html",
        {
            "plan": plan,
            "comparacion": comparacion,
            "atrasadas": selectors.ids_de_lineas_atrasadas(plan),
        },
    )


@require_POST
def linea_avance(request, pk: int):
    linea = get_object_or_404(selectors.lineas_visibles(request.user), pk=pk)
    form = AvanceForm(request.POST)
    if not form.is_valid():
        for errores in form.errors.values():
            for mensaje in errores:
                messages.error(request, mensaje)
    else:
        try:
            services.linea_registrar_avance(
                linea=linea,
                valor=form.cleaned_data["valor"],
                estado=form.cleaned_data["estado"],
                comentario=form.cleaned_data["comentario"],
                por=request.user,
            )
        except ValidationError as error:
            _mensajes(request, error)
        else:
            messages.success(request, f"Avance registrado: «{linea.actividad}».")
    return redirect(linea.get_absolute_url())
