from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from nucleo.models import (
    Comuna,
    Institucion,
    LecturaRegistrada,
    Membresia,
    Programa,
    Provincia,
    Region,
    ServicioPublico,
    Usuario,
)


class MembresiaInline(admin.TabularInline):
    model = Membresia
    extra = 0
    autocomplete_fields = ["institucion"]
    fields = ["institucion", "rol", "cargo", "activa"]


@admin.register(Usuario)
class UsuarioAdmin(UserAdmin):
    inlines = [MembresiaInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Contacto", {"fields": ["telefono"]}),
    )


class ProvinciaInline(admin.TabularInline):
    model = Provincia
    extra = 0
    fields = ["codigo", "nombre"]
    show_change_link = True


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["codigo", "nombre", "abreviatura", "codigo_iso"]
    search_fields = ["codigo", "nombre"]
    inlines = [ProvinciaInline]


@admin.register(Provincia)
class ProvinciaAdmin(admin.ModelAdmin):
    list_display = ["codigo", "nombre", "region"]
    list_filter = ["region"]
    search_fields = ["codigo", "nombre"]


@admin.register(Comuna)
class ComunaAdmin(admin.ModelAdmin):
    list_display = ["codigo", "nombre", "provincia", "region"]
    list_filter = ["region"]
    list_select_related = ["provincia", "region"]
    search_fields = ["codigo", "nombre"]


class ProgramaInline(admin.TabularInline):
    model = Programa
    extra = 0
    fields = ["nombre", "poblacion_objetivo", "activo"]


@admin.register(ServicioPublico)
class ServicioPublicoAdmin(admin.ModelAdmin):
    list_display = ["sigla", "nombre", "codigo"]
    search_fields = ["sigla", "nombre"]
    inlines = [ProgramaInline]


@admin.register(Programa)
class ProgramaAdmin(admin.ModelAdmin):
    list_display = ["nombre", "servicio", "activo"]
    list_filter = ["servicio", "activo"]
    search_fields = ["nombre"]


@admin.register(Institucion)
class InstitucionAdmin(admin.ModelAdmin):
    list_display = ["nombre", "tipo", "servicio", "region", "comuna", "activa"]
    list_filter = ["tipo", "region", "servicio", "activa"]
    list_select_related = ["servicio", "region", "comuna"]
    search_fields = ["nombre", "comuna__nombre"]
    autocomplete_fields = ["comuna"]


@admin.register(Membresia)
class MembresiaAdmin(admin.ModelAdmin):
    list_display = ["usuario", "rol", "institucion", "activa"]
    list_filter = ["rol", "activa", "institucion__region"]
    list_select_related = ["usuario", "institucion"]
    search_fields = ["usuario__username", "usuario__first_name", "usuario__last_name"]
    autocomplete_fields = ["usuario", "institucion"]


@admin.register(LecturaRegistrada)
class LecturaRegistradaAdmin(admin.ModelAdmin):
    list_display = ["created_at", "usuario", "descripcion", "ip"]
    list_filter = ["objeto_tipo"]
    search_fields = ["usuario__username", "descripcion", "ip"]
    list_select_related = ["usuario"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
