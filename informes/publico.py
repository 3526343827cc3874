"""Open data on the public pages (/oferta/datos/): the page documenting each field and the files
(built daily, see informes.datos_abiertos). No login: PUBLICO in informes.permissions."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from informes import datos_abiertos
from nucleo.models import Region
from nucleo.publico import SeccionPublica, registrar_seccion_publica

TIPOS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
ARCHIVOS = {f"{c.nombre}.{e}" for c in datos_abiertos.CONJUNTOS for e in TIPOS} | {
    "datapackage.json"
}


@registrar_seccion_publica
def seccion_datos_abiertos(region, comuna):
    return SeccionPublica(
        "Datos abiertos",
        "informes/publico/seccion_datos.html",
        {"region": region},
        orden=90,
    )


def _region(codigo: str) -> Region:
    return get_object_or_404(Region, codigo=codigo)


@require_safe
def datos_region(request, codigo: str):
    region = _region(codigo)
    return render(
        request,
        "informes/publico/datos_region.html",
        {"region": region, "conjuntos": datos_abiertos.CONJUNTOS},
    )


@require_safe
def datos_archivo(request, codigo: str, archivo: str):
    region = _region(codigo)
    if archivo not in ARCHIVOS:
        raise Http404("Archivo desconocido")
    nombre = datos_abiertos.ruta(region.codigo, archivo)
    if not default_storage.exists(nombre):
        # Not built yet by the daily task (a new region, a fresh install): build it now.
        datos_abiertos.publicar(region)
    respuesta = FileResponse(
        default_storage.open(nombre, "rb"), content_type=TIPOS[archivo.rsplit(".", 1)[1]]
    )
    respuesta["Content-Disposition"] = f'inline; filename="{region.codigo}-{archivo}"'
    respuesta["Cache-Control"] = "public, max-age=3600"
    respuesta["Access-Control-Allow-Origin"] = "*"
    return respuesta
