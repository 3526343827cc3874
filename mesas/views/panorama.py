"""The regional overview (panorama) of communal mesas."""

from __future__ import annotations

from functools import partial

from django.shortcuts import render
from django.utils import timezone

from mesas import permissions, selectors
from mesas.models import DIAS_MINUTA_A_TIEMPO
from nucleo.alcance import alcance_de
from nucleo.models import Region, Rol


def panorama(request):
    alcance = alcance_de(request.user)
    regiones = list(
        Region.objects.filter(codigo__in=alcance.regiones_sence(Rol.ARTICULADOR, Rol.DIRECTOR))
    )
    bloques = []
    for region, (filas, sin_mesa) in zip(
        regiones, selectors.panoramas([r.codigo for r in regiones]), strict=True
    ):
        bloques.append(
            {
                "region": region,
                "filas": filas,
                "sin_mesa": sin_mesa,
                "conteo": {
                    n: sum(1 for f in filas if f.nivel == n) for n in ("ok", "atencion", "atrasada")
                },
            }
        )
    return render(
        request,
        "mesas/panorama.html",
        {
            "bloques": bloques,
            "plazo": DIAS_MINUTA_A_TIEMPO,
            # Asked by the page only for a region without communal mesas (no query otherwise).
            "puede_crear_mesa": partial(permissions.puede_crear_mesa, request.user),
            "semestre": selectors.inicio_semestre(timezone.localdate()),
        },
    )
