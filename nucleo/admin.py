from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

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
from nucleo.servicios import MENSAJE_CONFLICTO, version_de


class FormularioVersionado(forms.ModelForm):
    """The admin's change form of a Versionado model: refused with the Spanish conflict message
    when the row's version moved since the page was opened (django-concurrency's check in save()
    stays as the last guard)."""

    def clean(self):
        datos = super().clean()
        if self.instance.pk and "version" in self.fields:
            guardada = (
                type(self.instance)
                ._base_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if datos.get("version") != guardada:
                raise ValidationError(MENSAJE_CONFLICTO, code="conflicto")
        return datos


class AdminVersionado(SimpleHistoryAdmin):
    """Admin of a model with an edit form elsewhere (nucleo.models.Versionado): its change page
    carries the version it was opened with, like the app's pages, so an admin save cannot
    silently undo someone else's edit."""

    form = FormularioVersionado
    # A link typed without a scheme is https (Django 6's default; silences its warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        return [c for c in super().get_readonly_fields(request, obj) if c != "version"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        campos = flatten_fieldsets(fieldsets)
        if obj is None and "version" in campos:  # a new row has no version to keep
            return [
                (nombre, {**opciones, "fields": [c for c in opciones["fields"] if c != "version"]})
                for nombre, opciones in fieldsets
            ]
        if obj is not None and version_de(obj) is not None and "version" not in campos:
            fieldsets.append((None, {"fields": ["version"]}))
        return fieldsets


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
class ProgramaAdmin(AdminVersionado):
    list_display = ["nombre", "servicio", "activo"]
    list_filter = ["servicio", "activo"]
    search_fields = ["nombre"]


@admin.register(Institucion)
class InstitucionAdmin(AdminVersionado):
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
