"""The calendar page and the personal iCalendar feed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, time, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mesas import reglas, services
from mesas.ics import ics_feed
from nucleo.alcance import alcance_de
from nucleo.models import Usuario
from nucleo.registro import eventos_para


def en_zona_de_la_mesa(zona_de: Callable[[int], str]):
    """Runs a view in the zone of the mesa's place: its forms read wall-clock times there and
    its pages show them there (Django converts with the current time zone)."""

    def decorador(vista):
        @functools.wraps(vista)
        def envuelta(request, pk: int, *args, **kwargs):
            with timezone.override(zona_de(pk)):
                return vista(request, pk, *args, **kwargs)

        return envuelta

    return decorador


def calendario(request):
    hoy = timezone.localdate()
    try:
        anio, mes = (int(x) for x in request.GET.get("mes", "").split("-"))
        primero = date(anio, mes, 1)
    except ValueError:
        primero = hoy.replace(day=1)
    dias = reglas.dias_del_mes(primero.year, primero.month)
    desde = reglas.en_chile(dias[0], time(0, 0))
    hasta = reglas.en_chile(dias[-1] + timedelta(days=1), time(0, 0))
    alcance = alcance_de(request.user)
    eventos = eventos_para(request.user, alcance, desde, hasta)
    # Regional holidays too when the person works in one region (national ones always).
    regiones = alcance.regiones()
    region = next(iter(regiones)) if len(regiones) == 1 else None
    por_dia: dict[date, list] = {d: [] for d in dias}
    for e in eventos:
        dia = timezone.localtime(e.inicio).date()
        if dia in por_dia:
            por_dia[dia].append(e)
    semanas = [
        [(d, por_dia[d], reglas.feriado(d, region)) for d in dias[i : i + 7]]
        for i in range(0, len(dias), 7)
    ]
    anterior = (primero - timedelta(days=1)).replace(day=1)
    siguiente = (primero + timedelta(days=32)).replace(day=1)
    token = request.user.token_calendario
    feed = (
        request.build_absolute_uri(reverse("mesas:calendario_feed", args=[token])) if token else ""
    )
    return render(
        request,
        "mesas/calendario.html",
        {
            "primero": primero,
            "semanas": semanas,
            "hoy": hoy,
            "anterior": anterior,
            "siguiente": siguiente,
            "eventos": eventos,
            "feed": feed,
            "dias_semana": [
                "lunes",
                "martes",
                "miércoles",
                "jueves",
                "viernes",
                "sábado",
                "domingo",
            ],
        },
    )


@require_POST
def calendario_token(request):
    regenerar = bool(request.user.token_calendario)
    services.calendario_token_asegurar(usuario=request.user, regenerar=regenerar)
    messages.success(
        request,
        "Se generó una dirección nueva para su calendario; la anterior dejó de funcionar."
        if regenerar
        else "Se generó la dirección de su calendario personal.",
    )
    return redirect(f"{reverse('mesas:calendario')}#suscripcion")


def calendario_feed(request, token: str):
    if len(token) < 20:
        raise Http404()
    usuario = Usuario.objects.filter(token_calendario=token, is_active=True).first()
    if usuario is None:
        raise Http404()
    ahora = timezone.now()
    eventos = eventos_para(
        usuario, alcance_de(usuario), ahora - timedelta(days=180), ahora + timedelta(days=400)
    )
    respuesta = HttpResponse(
        ics_feed(eventos, nombre=f"Mesas Intersectoriales — {usuario}"),
        content_type="text/calendar; charset=utf-8",
    )
    respuesta["Cache-Control"] = "private, max-age=900"
    return respuesta
