"""The joint offer in public (/oferta/): no login, for job seekers and companies (issue 18).

nucleo owns the page skeleton and the programme pages; the upper apps add their sections to a
comuna's or region's page through `registrar_seccion_publica` (omil: the OMIL's card; empresas:
upcoming encuentros), from their own AppConfig.ready(), so nucleo imports none of them.
Only what is marked public is shown (Programa.publico, Institucion.publica); never staff data.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from nucleo.archivos.imagenes import FORMATOS
from nucleo.models import Comuna, Institucion, Poblacion, Programa, Region


# --- Registry of public sections ---------------------------------------------------------------
@dataclass(frozen=True)
class SeccionPublica:
    """A block of a public page: a template rendered with `p` = contexto."""

    titulo: str
    template: str
    contexto: dict[str, Any] = field(default_factory=dict)
    orden: int = 50


ProveedorSeccion = Callable[[Region, "Comuna | None"], "SeccionPublica | None"]
_secciones: list[ProveedorSeccion] = []


def registrar_seccion_publica(proveedor: ProveedorSeccion) -> ProveedorSeccion:
    """`proveedor(region, comuna)` returns the section for that page (comuna None: the region's
    page) or None when it has nothing public to show."""
    if proveedor not in _secciones:
        _secciones.append(proveedor)
    return proveedor


def secciones_publicas(region: Region, comuna: Comuna | None) -> list[SeccionPublica]:
    secciones = [s for p in _secciones if (s := p(region, comuna)) is not None]
    return sorted(secciones, key=lambda s: s.orden)


@registrar_seccion_publica
def oficinas_de_servicios(region: Region, comuna: Comuna | None) -> SeccionPublica | None:
    """The services' regional offices marked public, with the contact role each publishes."""
    oficinas = list(
        Institucion.objects.filter(
            tipo=Institucion.Tipo.REGIONAL, region=region, activa=True, publica=True
        )
        .select_related("servicio", "region")
        .order_by("servicio__sigla")
    )
    if not oficinas:
        return None
    return SeccionPublica(
        "Oficinas de los servicios en la región",
        "publico/_oficinas.html",
        {"oficinas": oficinas},
        orden=40,
    )


# --- Selectors ---------------------------------------------------------------------------------
def regiones_con_oferta() -> QuerySet[Region]:
    return Region.objects.filter(
        instituciones__activa=True, instituciones__tipo=Institucion.Tipo.REGIONAL
    ).distinct()


def programas_publicos(region: Region | None = None, poblacion: str = "") -> QuerySet[Programa]:
    """Public, active programmes; in a region, those of services with an office there."""
    qs = Programa.objects.filter(publico=True, activo=True).select_related("servicio")
    if region is not None:
        qs = qs.filter(
            servicio__instituciones__region=region,
            servicio__instituciones__activa=True,
            servicio__instituciones__tipo=Institucion.Tipo.REGIONAL,
        ).distinct()
    if poblacion:
        qs = qs.filter(poblaciones__contains=[poblacion])
    return qs.order_by("servicio__sigla", "nombre")


def _poblacion_elegida(request) -> str:
    valor = request.GET.get("poblacion", "")
    return valor if valor in Poblacion.values else ""


# --- Views -------------------------------------------------------------------------------------
@require_safe
def inicio(request):
    return render(request, "publico/inicio.html", {"regiones": regiones_con_oferta()})


@require_safe
def region(request, codigo: str):
    region = get_object_or_404(regiones_con_oferta(), codigo=codigo)
    poblacion = _poblacion_elegida(request)
    return render(
        request,
        "publico/region.html",
        {
            "region": region,
            "comunas": Comuna.objects.filter(region=region).order_by("nombre"),
            "programas": programas_publicos(region, poblacion),
            "poblaciones": Poblacion.choices,
            "poblacion": poblacion,
            "poblacion_nombre": Poblacion(poblacion).label if poblacion else "",
            "secciones": secciones_publicas(region, None),
        },
    )


@require_safe
def comuna(request, codigo: str):
    comuna = get_object_or_404(Comuna.objects.select_related("region"), codigo=codigo)
    if not regiones_con_oferta().filter(pk=comuna.region_id).exists():
        raise Http404("Sin oferta pública en esta región")
    poblacion = _poblacion_elegida(request)
    return render(
        request,
        "publico/comuna.html",
        {
            "comuna": comuna,
            "region": comuna.region,
            "comunas": Comuna.objects.filter(region=comuna.region).order_by("nombre"),
            "programas": programas_publicos(comuna.region, poblacion),
            "poblaciones": Poblacion.choices,
            "poblacion": poblacion,
            "poblacion_nombre": Poblacion(poblacion).label if poblacion else "",
            "secciones": secciones_publicas(comuna.region, comuna),
        },
    )


@require_safe
def comuna_elegir(request):
    """The comuna and population form works without JavaScript: GET here, redirect to the page."""
    comuna = Comuna.objects.filter(codigo=request.GET.get("comuna", "")).first()
    if comuna is None:
        return redirect("oferta:inicio")
    url = reverse("oferta:comuna", kwargs={"codigo": comuna.codigo})
    poblacion = _poblacion_elegida(request)
    return redirect(f"{url}?{urlencode({'poblacion': poblacion})}" if poblacion else url)


@require_safe
def programa(request, pk: int):
    programa = get_object_or_404(programas_publicos(), pk=pk)
    return render(
        request,
        "publico/programa.html",
        {
            "programa": programa,
            "url_absoluta": request.build_absolute_uri(programa.get_absolute_url()),
        },
    )


@require_safe
def logo(request, pk: int):
    """An institution's logo, inline, only while the institution is public (404 otherwise).
    Its URL carries the institution's version (`?v=`), so it may be cached for a day."""
    institucion = get_object_or_404(
        Institucion.objects.filter(activa=True, publica=True).exclude(logo=""), pk=pk
    )
    tipo = mimetypes.guess_type(institucion.logo.name)[0]
    if tipo not in FORMATOS.values():
        raise Http404("Sin logo")
    try:
        archivo = institucion.logo.open("rb")
    except OSError as error:  # gone from storage (or the store unreachable): no logo, not a 500
        raise Http404("Sin logo") from error
    respuesta = FileResponse(archivo, content_type=tipo)
    respuesta["Cache-Control"] = "public, max-age=86400"
    return respuesta
