"""/oferta/empresas/: a company asks for a joint visit (no login; PUBLICO in permissions)."""

from django.urls import path

from empresas import views

app_name = "oferta_empresas"

urlpatterns = [
    path("solicitar-visita/", views.solicitud_visita, name="solicitud_visita"),
    path("solicitar-visita/enviada/", views.solicitud_enviada, name="solicitud_enviada"),
]
