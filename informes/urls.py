from django.urls import path

from informes import views

app_name = "informes"

urlpatterns = [
    path("", views.informe_list, name="informe_list"),
    path("generar/", views.informe_create, name="informe_create"),
    path("<int:pk>/", views.informe_detail, name="informe_detail"),
    path("<int:pk>/fila/", views.informe_fila, name="informe_fila"),
    path("<int:pk>/pdf/", views.informe_pdf, name="informe_pdf"),
    path("<int:pk>/excel/", views.informe_excel, name="informe_excel"),
]
