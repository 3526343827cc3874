from django.urls import path

from nucleo import views
from nucleo.personas import urls as personas_urls

app_name = "nucleo"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("cuenta/segundo-factor/", views.otp_configurar, name="otp_configurar"),
    path("cuenta/segundo-factor/desactivar/", views.otp_desactivar, name="otp_desactivar"),
    path("cuenta/segundo-factor/verificar/", views.otp_verificar, name="otp_verificar"),
]

urlpatterns += personas_urls.urlpatterns
