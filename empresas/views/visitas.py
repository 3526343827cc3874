"""Views of joint company visits and their invitations."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from empresas import forms, selectors, services
from empresas.models import InvitacionVisita, VisitaEmpresa
from empresas.permissions import (
    puede_actualizar_acuerdo,
    puede_gestionar_visita,
    puede_planificar_visitas,
)
from nucleo.alcance import alcance_de
from nucleo.firmas import EnlaceInvalido
from nucleo.forms import errores_en_formulario
from nucleo.paginacion import consulta_sin_pagina, pagina_de
from nucleo.servicios import exigir


def visita_list(request):
    ahora = timezone.now()
    filtro, visitas = selectors.visitas_filtradas(request.user, request.GET, ahora)
    return render(
        request,
        "empresas/visita_list.html",
        {
            "pagina": pagina_de(request, visitas),
            "ver": filtro.vista,
            "vistas": filtro.vistas,
            "consulta": f"ver={filtro.vista}",
            "puede_planificar": puede_planificar_visitas(request.user),
            "mis_servicios": filtro.alcance.instituciones_servicio(),
            "ahora": ahora,
        },
    )


@require_http_methods(["GET", "POST"])
def visita_create(request):
    editables = selectors.empresas_editables(request.user)
    id_empresa = request.GET.get("empresa") or request.POST.get("empresa")
    if not id_empresa or not str(id_empresa).isdigit():
        texto = request.GET.get("q", "")
        empresas = selectors.filtrar_por_texto(editables, texto).order_by("razon_social")
        return render(
            request,
            "empresas/visita_elegir_empresa.html",
            {
                "pagina": pagina_de(request, empresas, 15),
                "q": texto,
                "consulta": consulta_sin_pagina(request),
            },
        )
    empresa = get_object_or_404(
        editables.select_related("comuna").prefetch_related("necesidades"), pk=id_empresa
    )
    # The form reads the time as the wall clock of the company's comuna (Isla de Pascua…).
    with timezone.override(empresa.comuna.zona_horaria or settings.TIME_ZONE):
        return _visita_create_en_zona(request, empresa)


def _visita_create_en_zona(request, empresa):
    form = forms.VisitaForm(request.POST or None, empresa=empresa, usuario=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            visita = services.visita_planificar(
                empresa=empresa,
                inicio=form.cleaned_data["inicio"],
                duracion_minutos=form.cleaned_data["duracion_minutos"],
                objetivo=form.cleaned_data["objetivo"],
                participantes=form.cleaned_data["participantes"],
                instituciones=form.cleaned_data["instituciones"],
                motivos=form.motivos,
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            invitados = visita.invitaciones.count()
            messages.success(
                request,
                "Visita planificada. "
                + (
                    f"Se envió la invitación a {invitados} "
                    f"{'servicio' if invitados == 1 else 'servicios'}."
                    if invitados
                    else "No invitaste servicios."
                ),
            )
            return redirect(visita)
    return render(request, "empresas/visita_form.html", {"form": form, "empresa": empresa})


def visita_detail(request, pk: int):
    visita = get_object_or_404(selectors.visita_con_detalle(request.user), pk=pk)
    alcance = alcance_de(request.user)
    invitaciones = list(visita.invitaciones.all())
    ahora = timezone.now()
    return render(
        request,
        "empresas/visita_detail.html",
        {
            "visita": visita,
            "invitaciones": invitaciones,
            "mis_invitaciones": [
                i for i in invitaciones if i.institucion_id in alcance.instituciones_servicio()
            ],
            "resumen": {
                estado: sum(1 for i in invitaciones if i.estado == estado)
                for estado in InvitacionVisita.Estado.values
            },
            "puede_gestionar": puede_gestionar_visita(request.user, visita),
            "acuerdos": [
                (a, puede_actualizar_acuerdo(request.user, a), a.vencido_al(ahora.date()))
                for a in visita.acuerdos.all()
            ],
            "suspender_form": forms.SuspenderForm(),
            "futura": visita.inicio > ahora,
            "abierta": visita.estado == VisitaEmpresa.Estado.PLANIFICADA and visita.inicio > ahora,
        },
    )


def visita_historial(request, pk: int):
    visita = get_object_or_404(selectors.visitas_visibles(request.user), pk=pk)
    return render(
        request,
        "empresas/visita_historial.html",
        {"visita": visita, "versiones": selectors.historial_de_visita(visita)},
    )


@require_http_methods(["GET", "POST"])
def visita_update(request, pk: int):
    visita = get_object_or_404(
        selectors.visitas_visibles(request.user).select_related("empresa__comuna"), pk=pk
    )
    # A form page is offered only to whom the service would allow the change.
    exigir(puede_gestionar_visita(request.user, visita))
    with timezone.override(visita.empresa.comuna.zona_horaria or settings.TIME_ZONE):
        return _visita_update_en_zona(request, visita)


def _visita_update_en_zona(request, visita):
    if visita.estado != VisitaEmpresa.Estado.PLANIFICADA:
        messages.error(request, "Solo se modifica una visita planificada.")
        return redirect(visita)
    form = forms.VisitaForm(
        request.POST or None, empresa=visita.empresa, usuario=request.user, visita=visita
    )
    if request.method == "POST" and form.is_valid():
        try:
            antes = visita.inicio
            services.visita_actualizar(
                visita=visita,
                version=form.cleaned_data.get("version") or 0,
                inicio=form.cleaned_data["inicio"],
                duracion_minutos=form.cleaned_data["duracion_minutos"],
                objetivo=form.cleaned_data["objetivo"],
                participantes=form.cleaned_data["participantes"],
                instituciones=form.cleaned_data["instituciones"],
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            if antes != visita.inicio:
                messages.success(
                    request,
                    "Cambios guardados. Como cambió la fecha, se pidió a cada servicio que "
                    "confirme de nuevo.",
                )
            else:
                messages.success(request, "Cambios guardados.")
            return redirect(visita)
    return render(
        request,
        "empresas/visita_form.html",
        {"form": form, "empresa": visita.empresa, "visita": visita},
    )


@require_POST
def visita_suspender(request, pk: int):
    visita = get_object_or_404(selectors.visitas_visibles(request.user), pk=pk)
    form = forms.SuspenderForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indica el motivo de la suspensión.")
        return redirect(visita)
    try:
        services.visita_suspender(
            visita=visita, motivo=form.cleaned_data["motivo"], por=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Visita suspendida. Se avisó a los servicios invitados.")
    return redirect(visita)


@require_http_methods(["GET", "POST"])
def visita_resultado(request, pk: int):
    visita = get_object_or_404(
        selectors.visitas_visibles(request.user).select_related("empresa__comuna"), pk=pk
    )
    # A form page is offered only to whom the service would allow the change.
    exigir(puede_gestionar_visita(request.user, visita))
    with timezone.override(visita.empresa.comuna.zona_horaria or settings.TIME_ZONE):
        return _visita_resultado_en_zona(request, visita)


def _visita_resultado_en_zona(request, visita):
    datos = request.POST if request.method == "POST" else None
    form = forms.ResultadoForm(datos, instance=visita)
    acuerdos = forms.AcuerdoFormSet(datos, instance=visita, prefix="acuerdos")
    if request.method == "POST" and form.is_valid() and acuerdos.is_valid():
        try:
            services.visita_registrar_resultado(
                visita=visita,
                version=form.cleaned_data.get("version") or 0,
                vacantes_ofrecidas=form.cleaned_data["vacantes_ofrecidas"],
                personas_derivadas=form.cleaned_data["personas_derivadas"],
                capacitaciones_acordadas=form.cleaned_data["capacitaciones_acordadas"],
                resultado=form.cleaned_data["resultado"],
                acuerdos=forms.filas_de(acuerdos),
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Resultado de la visita registrado.")
            return redirect(visita)
    return render(
        request,
        "empresas/visita_resultado.html",
        {"form": form, "acuerdos": acuerdos, "visita": visita},
    )


@require_POST
def acuerdo_cumplir(request, pk: int):
    acuerdo = get_object_or_404(selectors.acuerdos_de_visitas_visibles(request.user), pk=pk)
    acuerdo = services.acuerdo_cambiar_estado(
        acuerdo=acuerdo, cumplido=request.POST.get("cumplido") == "1", por=request.user
    )
    if request.htmx:
        return render(
            request,
            "empresas/visita_detail.html#acuerdo",
            {
                "acuerdo": acuerdo,
                "puede": True,
                "vencido": acuerdo.vencido_al(timezone.localdate()),
            },
        )
    return redirect(acuerdo.visita)


@require_POST
def invitacion_responder(request, pk: int):
    """In-app answer (htmx): only for the offices the user represents; others get 404."""
    invitacion = get_object_or_404(selectors.invitaciones_respondibles(request.user), pk=pk)
    error = None
    try:
        invitacion = services.invitacion_responder(
            invitacion=invitacion, estado=request.POST.get("estado", ""), por=request.user
        )
    except ValidationError as e:
        error = " ".join(e.messages)
    invitacion = selectors.invitaciones_respondibles(request.user).get(pk=pk)
    if request.htmx:
        # The answer, plus the invited-services table and its summary when they are on the page.
        estados = list(invitacion.visita.invitaciones.values_list("estado", flat=True))
        return render(
            request,
            "empresas/visita_detail.html#respuesta_htmx",
            {
                "invitacion": invitacion,
                "error": error,
                "abierta": True,
                "resumen": {e: estados.count(e) for e in InvitacionVisita.Estado.values},
                "con_tabla": request.htmx.current_url_abs_path
                == invitacion.visita.get_absolute_url(),
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Respuesta registrada: {invitacion.get_estado_display()}.")
    return redirect(invitacion.visita)


@require_http_methods(["GET", "POST"])
def invitacion_enlace(request, pk: int, token: str):
    """Answer from the e-mail, without login. GET shows what will be answered (mail scanners
    follow links); the POST answers."""
    try:
        invitacion, estado = services.invitacion_desde_enlace(pk=pk, token=token)
    except EnlaceInvalido as error:
        return render(
            request, "empresas/invitacion_enlace.html", {"error": error.mensaje}, status=400
        )
    usuario = request.user if request.user.is_authenticated else None
    if usuario and invitacion.institucion_id not in alcance_de(usuario).instituciones_servicio():
        return render(
            request,
            "empresas/invitacion_enlace.html",
            {
                "error": f"Este enlace es para {invitacion.institucion} y tu sesión es de otra "
                "persona o institución. Cierra sesión para usarlo o responde desde tu cuenta.",
            },
            status=403,
        )
    contexto = {"invitacion": invitacion, "estado": estado, "token": token}
    if request.method == "POST":
        try:
            services.invitacion_responder(
                invitacion=invitacion, estado=estado, por=usuario, por_enlace=True
            )
        except ValidationError as error:
            contexto["error"] = " ".join(error.messages)
            return render(request, "empresas/invitacion_enlace.html", contexto, status=400)
        invitacion.refresh_from_db()
        contexto["respondida"] = True
    return render(request, "empresas/invitacion_enlace.html", contexto)
