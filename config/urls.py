from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from nucleo.personas.claveunica import Salir
from nucleo.personas.views import Ingresar, solo_con_clave

admin.site.site_header = "Mesas Intersectoriales — administración"
admin.site.site_title = "Mesas Intersectoriales"
admin.site.index_title = "Datos maestros y usuarios"

urlpatterns = [
    path("cuenta/login/", Ingresar.as_view(), name="login"),
    # Before Django's: also ends the ClaveÚnica session when the person came through it.
    path("cuenta/logout/", Salir.as_view(), name="logout"),
    path("oidc/", include("nucleo.personas.urls_oidc")),
    # Password pages answer 404 when PASSWORD_LOGIN=False (ClaveÚnica only): no password can be
    # set, reset or changed there; the names stay so templates keep resolving them.
    *[
        path(f"cuenta/{ruta}", solo_con_clave(vista), name=nombre)
        for ruta, vista, nombre in (
            ("password_change/", auth_views.PasswordChangeView.as_view(), "password_change"),
            (
                "password_change/done/",
                auth_views.PasswordChangeDoneView.as_view(),
                "password_change_done",
            ),
            ("password_reset/", auth_views.PasswordResetView.as_view(), "password_reset"),
            (
                "password_reset/done/",
                auth_views.PasswordResetDoneView.as_view(),
                "password_reset_done",
            ),
            (
                "reset/<uidb64>/<token>/",
                auth_views.PasswordResetConfirmView.as_view(),
                "password_reset_confirm",
            ),
            (
                "reset/done/",
                auth_views.PasswordResetCompleteView.as_view(),
                "password_reset_complete",
            ),
        )
    ],
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
