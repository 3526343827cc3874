"""Health endpoints and Prometheus metrics (nucleo.salud). Declared PUBLICO in nucleo.permissions:
load balancers and Prometheus do not sign in; /metrics asks for METRICS_TOKEN when it is set."""

from django.urls import path

from nucleo import salud

app_name = "salud"

urlpatterns = [
    path("salud/vivo", salud.vivo, name="vivo"),
    path("salud/listo", salud.listo, name="listo"),
    path("metrics", salud.metricas, name="metricas"),
]
