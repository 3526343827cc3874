from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mesas.models import Acuerdo, Asistencia, Integrante, Mesa, Minuta, PuntoTabla, Serie, Sesion
from nucleo.admin import AdminVersionado


class IntegranteInline(admin.TabularInline):
    model = Integrante
    extra = 0
    autocomplete_fields = ["institucion", "persona"]


@admin.register(Mesa)
class MesaAdmin(AdminVersionado):
    list_display = ["nombre", "tipo", "region", "comuna", "coordinadora", "activa"]
    list_filter = ["tipo", "activa", "region"]
    search_fields = ["nombre", "comuna__nombre"]
    inlines = [IntegranteInline]
    autocomplete_fields = ["coordinadora"]


class PuntoInline(admin.TabularInline):
    model = PuntoTabla
    extra = 0


class AsistenciaInline(admin.TabularInline):
    model = Asistencia
    extra = 0
    fields = ["institucion", "persona", "email", "estado", "respondida_at", "registrada_at"]
    readonly_fields = ["respondida_at", "registrada_at"]
    autocomplete_fields = ["institucion", "persona"]


@admin.register(Sesion)
class SesionAdmin(AdminVersionado):
    list_display = ["mesa", "inicio", "tipo", "estado"]
    list_filter = ["estado", "tipo", "mesa__region"]
    date_hierarchy = "inicio"
    search_fields = ["mesa__nombre", "titulo"]
    inlines = [PuntoInline, AsistenciaInline]
    raw_id_fields = ["mesa", "serie"]


@admin.register(Serie)
class SerieAdmin(AdminVersionado):
    list_display = ["mesa", "regla", "desde", "hasta", "cantidad", "terminada_at"]
    raw_id_fields = ["mesa"]


@admin.register(Minuta)
class MinutaAdmin(admin.ModelAdmin):
    list_display = ["sesion", "numero", "nombre_original", "subida_por", "created_at"]
    raw_id_fields = ["sesion"]
    readonly_fields = ["archivo"]


@admin.register(Acuerdo)
class AcuerdoAdmin(SimpleHistoryAdmin):
    list_display = ["texto", "mesa", "institucion_responsable", "fecha_limite", "estado"]
    list_filter = ["estado", "mesa__region"]
    search_fields = ["texto"]
    raw_id_fields = ["mesa", "sesion"]
