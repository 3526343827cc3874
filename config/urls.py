from django.contrib import admin
from django.urls import include, path

from nucleo.personas.claveunica import Salir
from nucleo.personas.views import Ingresar

admin.site.site_header = "Mesas Intersectoriales — administración"
admin.site.site_title = "Mesas Intersectoriales"
admin.site.index_title = "Datos maestros y usuarios"

urlpatterns = [
    path("cuenta/login/", Ingresar.as_view(), name="login"),
    # Before Django's: also ends the ClaveÚnica session when the person came through it.
    path("cuenta/logout/", Salir.as_view(), name="logout"),
    path("oidc/", include("nucleo.personas.urls_oidc")),
    path("cuenta/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("mesas/", include("mesas.urls")),
    path("omil/", include("omil.urls")),
    path("convenios/", include("convenios.urls")),
    path("empresas/", include("empresas.urls")),
    path("informes/", include("informes.urls")),
    path("oferta/empresas/", include("empresas.urls_publico")),
    path("oferta/datos/", include("informes.urls_publico")),
    path("oferta/", include("nucleo.urls_publico")),
    path("", include("nucleo.urls_salud")),
    path("", include("nucleo.urls")),
]

handler403 = "nucleo.views.error_403"
handler404 = "nucleo.views.error_404"
handler500 = "nucleo.views.error_500"
