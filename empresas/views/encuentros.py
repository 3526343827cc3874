"""Views of encuentros empresariales."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from empresas import forms, selectors, services
from empresas.models import ParticipacionEncuentro
from empresas.permissions import (
    ROLES_GESTION_SENCE,
    puede_gestionar_encuentro,
)
from nucleo.alcance import alcance_de
from nucleo.forms import errores_en_formulario
from nucleo.servicios import exigir


def encuentro_list(request):
    qs = selectors.encuentros_visibles(request.user).order_by("-inicio")
    ahora = timezone.now()
    return render(
        request,
        "empresas/encuentro_list.html",
        {
            "proximos": [e for e in qs if e.inicio >= ahora],
            "pasados": [e for e in qs if e.inicio < ahora],
            "puede_crear": alcance_de(request.user).tiene_rol(*ROLES_GESTION_SENCE)
            or bool(alcance_de(request.user).comunas_omil()),
        },
    )


def _region_para_encuentro(request) -> str:
    alcance = alcance_de(request.user)
    regiones = sorted(alcance.regiones_sence(*ROLES_GESTION_SENCE))
    if regiones:
        return regiones[0]
    comunas = selectors.comunas_editables(request.user)
    comuna = comunas.first()
    if comuna is None:
        raise Http404
    return comuna.region_id


@require_http_methods(["GET", "POST"])
def encuentro_create(request):
    region_id = _region_para_encuentro(request)
    form = forms.EncuentroForm(request.POST or None, region_id=region_id, usuario=request.user)
    if request.method == "POST" and form.is_valid():
        datos = {c: form.cleaned_data.get(c) for c in services.CAMPOS_ENCUENTRO}
        try:
            encuentro = services.encuentro_crear(
                region_id=region_id,
                datos=datos,
                organizadores=form.cleaned_data["organizadores"],
                servicios_presentes=form.cleaned_data["servicios_presentes"],
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Encuentro registrado. Ahora invita a las empresas.")
            return redirect(encuentro)
    return render(request, "empresas/encuentro_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def encuentro_update(request, pk: int):
    encuentro = get_object_or_404(selectors.encuentros_visibles(request.user), pk=pk)
    # A form page is offered only to whom the service would allow the change.
    exigir(puede_gestionar_encuentro(request.user, encuentro))
    form = forms.EncuentroForm(
        request.POST or None,
        instance=encuentro,
        region_id=encuentro.region_id,
        usuario=request.user,
    )
    if request.method == "POST" and form.is_valid():
        datos = {c: form.cleaned_data.get(c) for c in services.CAMPOS_ENCUENTRO}
        try:
            services.encuentro_actualizar(
                encuentro=encuentro,
                version=form.cleaned_data.get("version") or 0,
                datos=datos,
                organizadores=form.cleaned_data["organizadores"],
                servicios_presentes=form.cleaned_data["servicios_presentes"],
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Cambios guardados.")
            return redirect(encuentro)
    return render(request, "empresas/encuentro_form.html", {"form": form, "encuentro": encuentro})


def encuentro_detail(request, pk: int):
    encuentro = get_object_or_404(selectors.encuentro_con_detalle(request.user), pk=pk)
    puede = puede_gestionar_encuentro(request.user, encuentro)
    return render(
        request,
        "empresas/encuentro_detail.html",
        {
            "encuentro": encuentro,
            "puede_gestionar": puede,
            "invitar_form": (
                forms.InvitarEmpresasForm(encuentro=encuentro, usuario=request.user)
                if puede
                else None
            ),
            "estados": ParticipacionEncuentro.Estado.choices,
            "conteos": Counter(p.estado for p in encuentro.participaciones.all()),
        },
    )


@require_POST
def encuentro_empresas(request, pk: int):
    encuentro = get_object_or_404(selectors.encuentros_visibles(request.user), pk=pk)
    form = forms.InvitarEmpresasForm(request.POST, encuentro=encuentro, usuario=request.user)
    if form.is_valid():
        try:
            nuevas = services.encuentro_invitar_empresas(
                encuentro=encuentro, empresas=form.cleaned_data["empresas"], por=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{nuevas} empresas agregadas al encuentro.")
    else:
        messages.error(request, "Elige al menos una empresa de la lista.")
    return redirect(encuentro)


@require_POST
def participacion_estado(request, pk: int):
    participacion = get_object_or_404(selectors.participaciones_visibles(request.user), pk=pk)
    form = forms.ParticipacionForm(request.POST)
    error = None
    if form.is_valid():
        participacion = services.participacion_cambiar_estado(
            participacion=participacion, estado=form.cleaned_data["estado"], por=request.user
        )
    else:
        error = "Estado no válido."
    if request.htmx:
        return render(
            request,
            "empresas/encuentro_detail.html#participacion",
            {
                "p": participacion,
                "puede_gestionar": True,
                "estados": ParticipacionEncuentro.Estado.choices,
                "error": error,
                "guardado": error is None,
            },
        )
    if error:
        messages.error(request, error)
    return redirect(participacion.encuentro)
