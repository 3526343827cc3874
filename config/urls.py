from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from nucleo.forms import LoginForm

admin.site.site_header = "Mesas Intersectoriales — administración"
admin.site.site_title = "Mesas Intersectoriales"
admin.site.index_title = "Datos maestros y usuarios"

urlpatterns = [
    path(
        "cuenta/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("cuenta/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("mesas/", include("mesas.urls")),
    path("omil/", include("omil.urls")),
    path("convenios/", include("convenios.urls")),
    path("empresas/", include("empresas.urls")),
    path("informes/", include("informes.urls")),
    path("", include("nucleo.urls")),
]

handler403 = "nucleo.views.error_403"
handler404 = "nucleo.views.error_404"
handler500 = "nucleo.views.error_500"
