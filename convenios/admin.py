from django.contrib import admin

from convenios.models import AlertaConvenio, Convenio, ObligacionConvenio
from nucleo.admin import AdminVersionado


class ObligacionInline(admin.TabularInline):
    model = ObligacionConvenio
    extra = 0
    autocomplete_fields = ["parte"]


@admin.register(Convenio)
class ConvenioAdmin(AdminVersionado):
    list_display = ["nombre", "tipo", "estado", "fecha_inicio", "fecha_termino"]
    list_filter = ["tipo", "estado", "oficina_sence__region"]
    search_fields = ["nombre", "resolucion_numero"]
    filter_horizontal = ["instituciones"]
    readonly_fields = ["version", "documento", "documento_nombre"]
    inlines = [ObligacionInline]


@admin.register(AlertaConvenio)
class AlertaConvenioAdmin(admin.ModelAdmin):
    list_display = ["convenio", "dias", "fecha_termino", "enviada_at"]
    list_filter = ["dias"]
    readonly_fields = ["convenio", "dias", "fecha_termino", "enviada_at", "destinatarios"]
