"""Views of single sessions, their agenda and attendance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Window
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mesas import permissions, selectors, services
from mesas.forms import (
    AsistenciaRegistroForm,
    PuntoForm,
    SesionEditarForm,
    SesionForm,
    SuspenderForm,
)
from mesas.ics import ics_sesion
from mesas.models import DIAS_MINUTA_A_TIEMPO, Asistencia, PuntoTabla, Sesion
from mesas.selectors.agenda import zona_de_mesa_pk, zona_de_sesion_pk
from mesas.views.calendario import en_zona_de_la_mesa
from mesas.views.minutas import _registrar_lectura_del_texto
from nucleo import calendario, formato
from nucleo.forms import errores_en_formulario
from nucleo.servicios import exigir


@en_zona_de_la_mesa(zona_de_mesa_pk)
def sesion_create(request, pk: int):
    mesa = get_object_or_404(selectors.mesas_visibles(request.user), pk=pk)
    # A form page is offered only to whom the service would allow the change.
    exigir(permissions.puede_gestionar_mesa(request.user, mesa))
    form = SesionForm(request.POST or None, initial={"lugar": mesa.coordinadora.direccion})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            sesion = services.sesion_programar(
                mesa=mesa,
                tipo=d["tipo"],
                titulo=d["titulo"],
                inicio=d["inicio"],
                duracion_minutos=d["duracion_minutos"],
                lugar=d["lugar"],
                enlace_video=d["enlace_video"],
                puntos=d["puntos"].splitlines(),
                por=request.user,
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Sesión programada. Las invitaciones se envían por correo.")
            dia = timezone.localtime(sesion.inicio).date()
            if nombre := calendario.feriado(dia, mesa.region_id):
                messages.warning(
                    request, f"Atención: el {formato.fecha(dia)} es feriado ({nombre})."
                )
            return redirect(sesion)
    return render(request, "mesas/sesion_form.html", {"form": form, "mesa": mesa})


PREVIOS_EN_SESION = 15


@en_zona_de_la_mesa(zona_de_sesion_pk)
def sesion_detail(request, pk: int):
    sesion = get_object_or_404(selectors.sesion_detalle(request.user), pk=pk)
    gestiona = permissions.puede_gestionar_mesa(request.user, sesion.mesa)
    asistencias = list(sesion.asistencias.all())
    mias = [a for a in asistencias if permissions.puede_responder(request.user, a)]
    minutas = [m for m in sesion.todas_las_minutas if m.eliminada_at is None]
    # Those who manage the mesa may restore a deleted version.
    eliminadas = [m for m in sesion.todas_las_minutas if gestiona and m.eliminada_at is not None]
    acuerdos = list(sesion.acuerdos.all())
    # The nearest deadlines first; the rest are one link away (a mesa years old has many).
    previos = list(
        selectors.acuerdos_abiertos_previos(sesion).annotate(total=Window(Count("pk")))[
            :PREVIOS_EN_SESION
        ]
    )
    for a in acuerdos + previos:
        a.mesa = sesion.mesa
        a.puede_cumplir = a.abierto and permissions.puede_cumplir_acuerdo(request.user, a)
    contexto = {
        "sesion": sesion,
        "mesa": sesion.mesa,
        "gestiona": gestiona,
        "asistencias": asistencias,
        "mias": mias,
        "puede_responder": sesion.estado == Sesion.Estado.PROGRAMADA and not sesion.pasada,
        "resumen": {
            e: sum(1 for a in asistencias if a.estado == e) for e in Asistencia.Estado.values
        },
        "minutas": minutas,
        "puede_minuta": permissions.puede_subir_minuta(request.user, sesion),
        "eliminadas": eliminadas,
        "minuta": minutas[0] if minutas else None,
        "acuerdos": acuerdos,
        "previos": previos,
        "n_previos": previos[0].total if previos else 0,
        "form_punto": PuntoForm() if gestiona else None,
        "inicio": timezone.localtime(sesion.inicio),
        "fin": timezone.localtime(sesion.fin),
        "zona": timezone.get_current_timezone_name(),
        "feriado": calendario.feriado(
            timezone.localtime(sesion.inicio).date(), sesion.mesa.region_id
        ),
        "plazo_minuta": DIAS_MINUTA_A_TIEMPO,
    }
    respuesta = render(request, "mesas/sesion_detail.html", contexto)
    if minutas and minutas[0].texto:  # the page shows the current version's text
        _registrar_lectura_del_texto(request, minutas[0], "página de la sesión")
    return respuesta


@en_zona_de_la_mesa(zona_de_sesion_pk)
def sesion_update(request, pk: int):
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    # A form page is offered only to whom the service would allow the change.
    exigir(permissions.puede_gestionar_mesa(request.user, sesion.mesa))
    inicial = {
        "version": sesion.version,
        "tipo": sesion.tipo,
        "titulo": sesion.titulo,
        "inicio": timezone.localtime(sesion.inicio),
        "fin": timezone.localtime(sesion.fin),
        "lugar": sesion.lugar,
        "enlace_video": sesion.enlace_video,
        "programas": list(sesion.programas_presentados.all()),
        "dificultades": sesion.dificultades,
        "propuestas_mejora": sesion.propuestas_mejora,
    }
    form = SesionEditarForm(request.POST or None, initial=inicial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        programas = list(d.pop("programas"))
        try:
            services.sesion_actualizar(sesion=sesion, programas=programas, por=request.user, **d)
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(
                request,
                "Sesión actualizada. Si cambió la fecha o el lugar, se avisa a los invitados.",
            )
            return redirect(sesion)
    return render(request, "mesas/sesion_editar.html", {"form": form, "sesion": sesion})


def sesion_suspend(request, pk: int):
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    # A form page is offered only to whom the service would allow the change.
    exigir(permissions.puede_gestionar_mesa(request.user, sesion.mesa))
    form = SuspenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sesion_suspender(
                sesion=sesion, motivo=form.cleaned_data["motivo"], por=request.user
            )
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Sesión suspendida. Se avisó a las personas invitadas.")
            return redirect(sesion)
    return render(request, "mesas/sesion_suspender.html", {"form": form, "sesion": sesion})


def sesion_ics(request, pk: int):
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    respuesta = HttpResponse(ics_sesion(sesion), content_type="text/calendar; charset=utf-8")
    respuesta["Content-Disposition"] = f'attachment; filename="sesion-{sesion.pk}.ics"'
    return respuesta


def sesion_asistencia(request, pk: int):
    sesion = get_object_or_404(selectors.sesion_detalle(request.user), pk=pk)
    # A form page is offered only to whom the service would allow the change.
    exigir(permissions.puede_gestionar_mesa(request.user, sesion.mesa))
    asistencias = list(sesion.asistencias.all())
    form = AsistenciaRegistroForm(request.POST or None, asistencias=asistencias)
    if request.method == "POST" and form.is_valid():
        try:
            services.asistencia_registrar(sesion=sesion, estados=form.estados(), por=request.user)
        except ValidationError as error:
            errores_en_formulario(form, error)
        else:
            messages.success(request, "Asistencia registrada. La sesión quedó como realizada.")
            return redirect(sesion)
    return render(
        request,
        "mesas/sesion_asistencia.html",
        {"form": form, "sesion": sesion, "mesa": sesion.mesa},
    )


def _sesion_gestionable(request, pk: int) -> Sesion:
    sesion = get_object_or_404(selectors.sesiones_visibles(request.user), pk=pk)
    return sesion


def _puntos_respuesta(request, sesion: Sesion, form=None):
    if request.htmx:
        return render(
            request,
            "mesas/sesion_detail.html#puntos",
            {"sesion": sesion, "gestiona": True, "form_punto": form or PuntoForm()},
        )
    return redirect(f"{sesion.get_absolute_url()}#tabla")


@require_POST
def punto_add(request, pk: int):
    sesion = _sesion_gestionable(request, pk)
    form = PuntoForm(request.POST)
    if form.is_valid():
        try:
            services.punto_agregar(sesion=sesion, por=request.user, **form.cleaned_data)
            form = None
        except ValidationError as error:
            errores_en_formulario(form, error)
    if form is not None and not request.htmx:
        messages.error(request, "Escriba el tema del punto de tabla.")
    return _puntos_respuesta(request, sesion, form)


@require_POST
def punto_delete(request, pk: int, punto_pk: int):
    sesion = _sesion_gestionable(request, pk)
    punto = get_object_or_404(PuntoTabla, sesion=sesion, pk=punto_pk)
    services.punto_quitar(punto=punto, por=request.user)
    return _puntos_respuesta(request, sesion)


@require_POST
def punto_move(request, pk: int, punto_pk: int):
    sesion = _sesion_gestionable(request, pk)
    punto = get_object_or_404(PuntoTabla, sesion=sesion, pk=punto_pk)
    services.punto_mover(
        punto=punto, direccion=request.POST.get("direccion", "arriba"), por=request.user
    )
    return _puntos_respuesta(request, sesion)
