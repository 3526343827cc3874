from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from nucleo.admin import AdminVersionado
from omil.models import AvanceLinea, FichaPrograma, LineaAccion, PlanComunal, TransicionPlan


class LineaInline(admin.TabularInline):
    model = LineaAccion
    extra = 0
    fields = [
        "orden",
        "actividad",
        "programa",
        "meta_numero",
        "meta_unidad",
        "plazo",
        "estado",
        "avance",
    ]
    autocomplete_fields = ["programa"]


class TransicionInline(admin.TabularInline):
    model = TransicionPlan
    extra = 0
    readonly_fields = ["desde", "hacia", "por", "comentario", "version", "created_at"]
    can_delete = False


@admin.register(PlanComunal)
class PlanComunalAdmin(AdminVersionado):
    list_display = ["comuna", "anio", "estado", "version", "updated_at"]
    list_filter = ["anio", "estado", "comuna__region"]
    search_fields = ["comuna__nombre"]
    readonly_fields = ["version", "lineas_snapshot", "documento", "documento_nombre"]
    inlines = [LineaInline, TransicionInline]


@admin.register(AvanceLinea)
class AvanceLineaAdmin(admin.ModelAdmin):
    list_display = ["linea", "fecha", "valor", "estado", "por"]
    list_select_related = ["linea", "por"]


@admin.register(FichaPrograma)
class FichaProgramaAdmin(SimpleHistoryAdmin):
    list_display = ["programa", "region", "updated_at"]
    list_filter = ["region", "programa__servicio"]
    search_fields = ["programa__nombre"]
