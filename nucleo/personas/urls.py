from django.urls import path

from nucleo.personas import views

urlpatterns = [
    path("personas/", views.persona_list, name="persona_list"),
    path("personas/<int:pk>/", views.persona_detail, name="persona_detail"),
    path("personas/invitar/", views.invitacion_create, name="invitacion_create"),
    path(
        "personas/invitaciones/<int:pk>/anular/",
        views.invitacion_revocar,
        name="invitacion_revocar",
    ),
    path("personas/roles/<int:pk>/", views.membresia_rol, name="membresia_rol"),
    path(
        "personas/roles/<int:pk>/desactivar/",
        views.membresia_desactivar,
        name="membresia_desactivar",
    ),
    path("personas/omil/<int:pk>/ajustes/", views.omil_ajustes, name="omil_ajustes"),
    path(
        "personas/instituciones/<int:pk>/datos-publicos/",
        views.institucion_edit,
        name="institucion_edit",
    ),
    path("invitacion/<str:token>/", views.invitacion_aceptar, name="invitacion_aceptar"),
]
