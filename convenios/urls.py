from django.urls import path

from convenios import views

app_name = "convenios"

urlpatterns = [
    path("", views.convenio_list, name="convenio_list"),
    path("exportar.xlsx", views.convenio_export, name="convenio_export"),
    path("nuevo/", views.convenio_create, name="convenio_create"),
    path("<int:pk>/", views.convenio_detail, name="convenio_detail"),
    path("<int:pk>/editar/", views.convenio_edit, name="convenio_edit"),
    path("<int:pk>/documento/", views.convenio_descargar, name="convenio_descargar"),
    path("<int:pk>/historial/", views.convenio_historial, name="convenio_historial"),
]
