"""Views of monthly series: preview, create, modify, end."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mesas import permissions, reglas, selectors, services
from mesas.forms import (
    SerieForm,
    SerieModificarForm,
    SerieTerminarForm,
)
from mesas.selectors.agenda import dias_ocupados, zona_de_mesa_pk, zona_de_serie_pk
from mesas.views.calendario import en_zona_de_la_mesa
from nucleo import calendario, formato
from nucleo.forms import errores_en_formulario
from nucleo.servicios import exigir


def _vista_previa(form: SerieForm, mesa):
    """The dates of the rule in the mesa's zone, flagged with the region's holidays and the
    days the mesa already meets (those are skipped)."""
    d = form.cleaned_data
    try:
        regla, fechas = reglas.ocurrencias(
            d["regla"],
            desde=d["desde"],
            hasta=d.get("hasta"),
            cantidad=d.get("cantidad"),
            hora=d.get("hora"),
            zona=reglas.zona_de_mesa(mesa),
            region=mesa.region_id,
            ocupadas=dias_ocupados(mesa, d["desde"], d.get("hasta")) if d.get("desde") else {},
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None, []
    return regla, fechas


def _ajustes(post, fechas) -> dict[date, date]:
    ajustes = {}
    for o in fechas:
        valor = post.get(f"mover_{o.fecha.isoformat()}", "")
        try:
            nueva = date.fromisoformat(valor) if valor else o.fecha
        except ValueError:
            raise ValidationError(
                f"La nueva fecha para el {formato.fecha(o.fecha)} no es válida."
            ) from None
        if nueva != o.fecha:
            ajustes[o.fecha] = nueva
    return ajustes


@en_zona_de_la_mesa(zona_de_mesa_pk)
def serie_create(request, pk: int):
    mesa = get_object_or_404(selectors.mesas_visibles(request.user), pk=pk)
    # A form page is offered only to whom the service would allow the change.
    exigir(permissions.puede_gestionar_mesa(request.user, mesa))
    form = SerieForm(request.POST or None, initial={"lugar": mesa.coordinadora.direccion})
    regla, fechas = None, []
    if request.method == "POST" and form.is_valid():
        regla, fechas = _vista_previa(form, mesa)
        if regla and request.POST.get("accion") == "crear":
            d = form.cleaned_data
            try:
                serie = services.serie_crear(
                    mesa=mesa,
                    regla=d["regla"],
                    desde=d["desde"],
                    hasta=d["hasta"],
                    cantidad=d["cantidad"],
                    hora=d["hora"],
                    duracion_minutos=d["duracion_minutos"],
                    tipo=d["tipo"],
                    lugar=d["lugar"],
                    enlace_video=d["enlace_video"],
                    ajustes=_ajustes(request.POST, fechas),
                    por=request.user,
                )
            except ValidationError as error:
                errores_en_formulario(form, error)
            else:
                n = serie.sesiones.count()
                messages.success(
                    request,
                    f"Se programaron {n} sesiones ({serie.regla}). Cada invitación se envía "
                    f"{services.DIAS_INVITACION} días antes de la sesión.",
                )
                return redirect(serie)
    contexto = {
        "form": form,
        "mesa": mesa,
        "regla": regla,
        "fechas": fechas,
        "zona": reglas.zona_de_mesa(mesa),
        "nombre_zona": calendario.nombre_zona(reglas.zona_de_mesa(mesa)),
        "choques": [o for o in fechas if o.choque],
        "meses_sin_dia": (
            reglas.meses_sin_el_dia(regla, fechas, hasta=form.cleaned_data.get("hasta"))
            if regla
            else []
        ),
    }
    if request.htmx:
        return render(request, "mesas/serie_form.html#vista_previa", contexto)
    return render(request, "mesas/serie_form.html", contexto)


def serie_preview(request, pk: int):
    return serie_create(request, pk)


@en_zona_de_la_mesa(zona_de_serie_pk)
def serie_detail(request, pk: int):
    serie = get_object_or_404(selectors.series_visibles(request.user), pk=pk)
    gestiona = permissions.puede_gestionar_mesa(request.user, serie.mesa)
    return render(
        request,
        "mesas/serie_detail.html",
        {
            "serie": serie,
            "mesa": serie.mesa,
            "gestiona": gestiona and not serie.terminada_at,
            "sesiones": list(serie.sesiones.order_by("inicio").prefetch_related("minutas")),
            "ahora": timezone.now(),
            "form_modificar": SerieModificarForm(
                initial={
                    "version": serie.version,
                    "hora": serie.hora,
                    "duracion_minutos": serie.duracion_minutos,
                    "lugar": serie.lugar,
                    "enlace_video": serie.enlace_video,
                }
            ),
            "form_terminar": SerieTerminarForm(),
        },
    )


@require_POST
def serie_update(request, pk: int):
    serie = get_object_or_404(selectors.series_visibles(request.user), pk=pk)
    form = SerieModificarForm(request.POST)
    if form.is_valid():
        try:
            n = services.serie_modificar_restantes(
                serie=serie, por=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Se actualizaron {n} sesiones restantes de la serie.")
    else:
        messages.error(request, "Revise la hora, la duración y el lugar.")
    return redirect(serie)


@require_POST
def serie_end(request, pk: int):
    serie = get_object_or_404(selectors.series_visibles(request.user), pk=pk)
    form = SerieTerminarForm(request.POST)
    if form.is_valid():
        try:
            n = services.serie_terminar(serie=serie, por=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Serie terminada: {n} sesiones suspendidas y avisadas.")
    else:
        messages.error(request, "Indique desde qué fecha termina la serie.")
    return redirect(serie)
