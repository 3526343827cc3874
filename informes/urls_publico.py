"""/oferta/datos/: open data, no login (PUBLICO in informes.permissions)."""

from django.urls import path

from informes import publico

app_name = "datos_abiertos"

urlpatterns = [
    path("<str:codigo>/", publico.datos_region, name="region"),
    path("<str:codigo>/<str:archivo>", publico.datos_archivo, name="archivo"),
]
