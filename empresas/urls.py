from django.urls import path

from empresas import views

app_name = "empresas"

urlpatterns = [
    path("", views.empresa_list, name="empresa_list"),
    path("nueva/", views.empresa_create, name="empresa_create"),
    path("<int:pk>/", views.empresa_detail, name="empresa_detail"),
    path("<int:pk>/editar/", views.empresa_update, name="empresa_update"),
    path("importar/", views.importar, name="importar"),
    path("importar/plantilla.csv", views.plantilla_importacion, name="plantilla_importacion"),
    path("importar/<int:pk>/", views.importar_previa, name="importar_previa"),
    path("visitas/", views.visita_list, name="visita_list"),
    path("visitas/nueva/", views.visita_create, name="visita_create"),
    path("visitas/<int:pk>/", views.visita_detail, name="visita_detail"),
    path("visitas/<int:pk>/editar/", views.visita_update, name="visita_update"),
    path("visitas/<int:pk>/historial/", views.visita_historial, name="visita_historial"),
    path("visitas/<int:pk>/suspender/", views.visita_suspender, name="visita_suspender"),
    path("visitas/<int:pk>/resultado/", views.visita_resultado, name="visita_resultado"),
    path("acuerdos/<int:pk>/estado/", views.acuerdo_cumplir, name="acuerdo_cumplir"),
    path(
        "invitaciones/<int:pk>/responder/",
        views.invitacion_responder,
        name="invitacion_responder",
    ),
    path(
        "invitaciones/<int:pk>/enlace/<str:token>/",
        views.invitacion_enlace,
        name="invitacion_enlace",
    ),
    path("solicitudes/", views.solicitud_list, name="solicitud_list"),
    path("solicitudes/<int:pk>/", views.solicitud_detail, name="solicitud_detail"),
    path("solicitudes/<int:pk>/descartar/", views.solicitud_descartar, name="solicitud_descartar"),
    path("encuentros/", views.encuentro_list, name="encuentro_list"),
    path("encuentros/nuevo/", views.encuentro_create, name="encuentro_create"),
    path("encuentros/<int:pk>/", views.encuentro_detail, name="encuentro_detail"),
    path("encuentros/<int:pk>/editar/", views.encuentro_update, name="encuentro_update"),
    path("encuentros/<int:pk>/empresas/", views.encuentro_empresas, name="encuentro_empresas"),
    path(
        "participaciones/<int:pk>/estado/",
        views.participacion_estado,
        name="participacion_estado",
    ),
]
