"""ClaveÚnica's callback and start (mozilla-django-oidc's names, our views)."""

from django.urls import path

from nucleo.personas import claveunica

urlpatterns = [
    path(
        "callback/",
        claveunica.ClaveUnicaRetorno.as_view(),
        name="oidc_authentication_callback",
    ),
    path("authenticate/", claveunica.ClaveUnicaInicio.as_view(), name="oidc_authentication_init"),
]
