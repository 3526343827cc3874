from django.contrib import admin

from empresas.models import (
    AcuerdoVisita,
    Contacto,
    Empresa,
    EncuentroEmpresarial,
    ImportacionEmpresas,
    InvitacionVisita,
    Necesidad,
    ParticipacionEncuentro,
    VisitaEmpresa,
)
from nucleo.admin import AdminVersionado


class ContactoInline(admin.TabularInline):
    model = Contacto
    extra = 0


class NecesidadInline(admin.TabularInline):
    model = Necesidad
    extra = 0


@admin.register(Empresa)
class EmpresaAdmin(AdminVersionado):
    list_display = ["razon_social", "rut", "comuna", "rubro", "tamano", "miembro_red_desde"]
    list_filter = ["rubro", "tamano", "comuna__region"]
    search_fields = ["razon_social", "nombre_fantasia", "rut"]
    autocomplete_fields = ["comuna"]
    inlines = [ContactoInline, NecesidadInline]


class InvitacionInline(admin.TabularInline):
    model = InvitacionVisita
    extra = 0
    raw_id_fields = ["respondido_por"]


class AcuerdoInline(admin.TabularInline):
    model = AcuerdoVisita
    extra = 0


@admin.register(VisitaEmpresa)
class VisitaEmpresaAdmin(AdminVersionado):
    list_display = ["empresa", "inicio", "estado", "planificada_por"]
    list_filter = ["estado", "empresa__comuna__region"]
    date_hierarchy = "inicio"
    raw_id_fields = ["empresa"]
    filter_horizontal = ["participantes"]
    inlines = [InvitacionInline, AcuerdoInline]


class ParticipacionInline(admin.TabularInline):
    model = ParticipacionEncuentro
    extra = 0
    raw_id_fields = ["empresa"]


@admin.register(EncuentroEmpresarial)
class EncuentroAdmin(AdminVersionado):
    list_display = ["nombre", "inicio", "region", "estado"]
    list_filter = ["estado", "region"]
    filter_horizontal = ["organizadores", "servicios_presentes"]
    inlines = [ParticipacionInline]


@admin.register(ImportacionEmpresas)
class ImportacionAdmin(admin.ModelAdmin):
    list_display = ["nombre_original", "subida_por", "estado", "creadas", "created_at"]
    readonly_fields = ["archivo"]
