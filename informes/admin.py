from django.contrib import admin

from informes.models import Informe


@admin.register(Informe)
class InformeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "estado", "progreso", "solicitado_por", "created_at", "terminado_at"]
    list_filter = ["tipo", "estado", "region"]
    list_select_related = ["region", "solicitado_por"]
    readonly_fields = ["datos", "sha256", "tiempos", "error", "intentos"]
