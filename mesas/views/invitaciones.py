"""Answers to invitations: in the app and through the signed e-mail link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mesas import selectors, services
from mesas.models import Asistencia
from mesas.reglas import zona_de_mesa
from mesas.selectors.agenda import reemplazantes_posibles
from mesas.views._comun import _volver
from nucleo import firmas


@require_POST
def asistencia_responder(request, pk: int):
    asistencia = get_object_or_404(selectors.asistencias_visibles(request.user), pk=pk)
    error = None
    try:
        services.asistencia_responder(
            asistencia=asistencia, respuesta=request.POST.get("respuesta", ""), por=request.user
        )
    except ValidationError as e:
        error = " ".join(e.messages)
    if request.htmx:
        return render(
            request,
            "mesas/sesion_detail.html#mi_respuesta",
            {"a": asistencia, "error": error, "puede_responder": True},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Respuesta registrada: {asistencia.get_estado_display()}.")
    return redirect(_volver(request, asistencia.sesion.get_absolute_url()))


def invitacion(request, token: str):
    """Signed link from the invitation e-mail: no login. GET shows, POST answers (so that
    link scanners in mail servers never answer for the person)."""
    try:
        asistencia, respuesta = services.leer_enlace(token)
    except firmas.EnlaceInvalido as error:
        return render(
            request, "mesas/invitacion_error.html", {"mensaje": error.mensaje}, status=400
        )
    hecho = False
    declina = respuesta == Asistencia.Estado.RECHAZADA
    posibles = list(reemplazantes_posibles(asistencia)) if declina else []
    if request.method == "POST":
        elegido = request.POST.get("reemplazante", "")
        reemplazante = next((u for u in posibles if str(u.pk) == elegido), None)
        if elegido and reemplazante is None:
            mensaje = "La persona indicada para asistir en su lugar no es de su institución."
            return render(request, "mesas/invitacion_error.html", {"mensaje": mensaje}, status=400)
        try:
            services.asistencia_responder(
                asistencia=asistencia,
                respuesta=respuesta,
                por=None,
                via="correo",
                motivo=request.POST.get("motivo", ""),
                reemplazante=reemplazante,
            )
        except ValidationError as error:
            return render(
                request,
                "mesas/invitacion_error.html",
                {"mensaje": " ".join(error.messages)},
                status=400,
            )
        asistencia.refresh_from_db()
        hecho = True
    zona = zona_de_mesa(asistencia.sesion.mesa)
    with timezone.override(zona):  # the time of the place, as in the e-mail
        return render(
            request,
            "mesas/invitacion.html",
            {
                "asistencia": asistencia,
                "sesion": asistencia.sesion,
                "respuesta": respuesta,
                "hecho": hecho,
                "inicio": timezone.localtime(asistencia.sesion.inicio),
                "fin": timezone.localtime(asistencia.sesion.fin),
                "zona": zona,
                "reemplazantes": posibles,
            },
        )
