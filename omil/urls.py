from django.urls import path

from omil import views

app_name = "omil"

urlpatterns = [
    path("planes/", views.plan_list, name="plan_list"),
    path("planes/nuevo/", views.plan_create, name="plan_create"),
    path("planes/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("planes/<int:pk>/editar/", views.plan_edit, name="plan_edit"),
    path("planes/<int:pk>/enviar/", views.plan_enviar, name="plan_enviar"),
    path("planes/<int:pk>/aprobacion-comunal/", views.plan_visar, name="plan_visar"),
    path("planes/<int:pk>/eliminar/", views.plan_eliminar, name="plan_eliminar"),
    path("planes/<int:pk>/restaurar/", views.plan_restaurar, name="plan_restaurar"),
    path("planes/<int:pk>/observar/", views.plan_observar, name="plan_observar"),
    path("planes/<int:pk>/aprobar/", views.plan_aprobar, name="plan_aprobar"),
    path("planes/<int:pk>/documento/", views.plan_documento, name="plan_documento"),
    path("planes/<int:pk>/documento/descargar/", views.plan_descargar, name="plan_descargar"),
    path("planes/<int:pk>/versiones/", views.plan_historial, name="plan_historial"),
    path("planes/<int:pk>/versiones/comparar/", views.plan_comparar, name="plan_comparar"),
    path("lineas/<int:pk>/avance/", views.linea_avance, name="linea_avance"),
    path("directorio/", views.directorio, name="directorio"),
    path("directorio/profesionales/", views.profesionales, name="profesionales"),
    path("programas/", views.programa_list, name="programa_list"),
    path("programas/nuevo/", views.programa_create, name="programa_create"),
    path("programas/<int:pk>/", views.programa_detail, name="programa_detail"),
    path("programas/<int:pk>/editar/", views.programa_edit, name="programa_edit"),
]
