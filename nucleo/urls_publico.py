"""/oferta/: the public pages (no login). Declared PUBLICO in nucleo.permissions."""

from django.urls import path

from nucleo import publico

app_name = "oferta"

urlpatterns = [
    path("", publico.inicio, name="inicio"),
    path("region/<str:codigo>/", publico.region, name="region"),
    path("comuna/", publico.comuna_elegir, name="comuna_elegir"),
    path("comuna/<str:codigo>/", publico.comuna, name="comuna"),
    path("programas/<int:pk>/", publico.programa, name="programa"),
    path("logos/<int:pk>/", publico.logo, name="logo"),
]
