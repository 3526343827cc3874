from django.urls import path

from mesas import views

app_name = "mesas"

urlpatterns = [
    path("", views.mesa_list, name="mesa_list"),
    path("nueva/", views.mesa_create, name="mesa_create"),
    path("<int:pk>/", views.mesa_detail, name="mesa_detail"),
    path("<int:pk>/editar/", views.mesa_update, name="mesa_update"),
    path("<int:pk>/asistencia/", views.mesa_asistencia, name="mesa_asistencia"),
    path("<int:pk>/integrantes/", views.integrante_add, name="integrante_add"),
    path(
        "<int:pk>/integrantes/<int:integrante_pk>/quitar/",
        views.integrante_remove,
        name="integrante_remove",
    ),
    path("<int:pk>/sesiones/nueva/", views.sesion_create, name="sesion_create"),
    path("<int:pk>/series/nueva/", views.serie_create, name="serie_create"),
    path("<int:pk>/series/vista-previa/", views.serie_preview, name="serie_preview"),
    path("series/<int:pk>/", views.serie_detail, name="serie_detail"),
    path("series/<int:pk>/modificar/", views.serie_update, name="serie_update"),
    path("series/<int:pk>/terminar/", views.serie_end, name="serie_end"),
    path("sesiones/<int:pk>/", views.sesion_detail, name="sesion_detail"),
    path("sesiones/<int:pk>/editar/", views.sesion_update, name="sesion_update"),
    path("sesiones/<int:pk>/suspender/", views.sesion_suspend, name="sesion_suspend"),
    path("sesiones/<int:pk>/sesion.ics", views.sesion_ics, name="sesion_ics"),
    path("sesiones/<int:pk>/asistencia/", views.sesion_asistencia, name="sesion_asistencia"),
    path("sesiones/<int:pk>/tabla/", views.punto_add, name="punto_add"),
    path("sesiones/<int:pk>/tabla/<int:punto_pk>/quitar/", views.punto_delete, name="punto_delete"),
    path("sesiones/<int:pk>/tabla/<int:punto_pk>/mover/", views.punto_move, name="punto_move"),
    path("sesiones/<int:pk>/minuta/", views.minuta_create, name="minuta_create"),
    path("sesiones/<int:pk>/minuta/historial/", views.minuta_historial, name="minuta_historial"),
    path("sesiones/<int:pk>/acuerdos/nuevo/", views.acuerdo_create, name="acuerdo_create"),
    path(
        "asistencias/<int:pk>/responder/", views.asistencia_responder, name="asistencia_responder"
    ),
    path("invitacion/<str:token>/", views.invitacion, name="invitacion"),
    path("minutas/<int:pk>/descargar/", views.minuta_download, name="minuta_download"),
    path("minutas/<int:pk>/eliminar/", views.minuta_eliminar, name="minuta_eliminar"),
    path("minutas/<int:pk>/restaurar/", views.minuta_restaurar, name="minuta_restaurar"),
    path("minutas/<int:pk>/pdf/", views.minuta_pdf, name="minuta_pdf"),
    path("acuerdos/", views.acuerdo_list, name="acuerdo_list"),
    path("acuerdos/<int:pk>/cumplir/", views.acuerdo_cumplir, name="acuerdo_cumplir"),
    path("acuerdos/<int:pk>/historial/", views.acuerdo_historial, name="acuerdo_historial"),
    path("calendario/", views.calendario, name="calendario"),
    path("calendario/token/", views.calendario_token, name="calendario_token"),
    path("calendario/<str:token>.ics", views.calendario_feed, name="calendario_feed"),
    path("panorama/", views.panorama, name="panorama"),
]
