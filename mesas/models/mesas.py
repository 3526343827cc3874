"""A mesa (regional or communal) and its members."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nucleo.historial import HistorialConIP
from nucleo.models import Comuna, Institucion, Region, Versionado

# Minutes uploaded within this many days of the session count as "on time" (regional board).
DIAS_MINUTA_A_TIEMPO = 7


class Poblacion(models.TextChoices):
    DISCAPACIDAD = "discapacidad", "Personas con discapacidad"
    MUJERES = "mujeres", "Mujeres"
    CONSUMO_DROGAS = "consumo_drogas", "Personas en recuperación del consumo de drogas"
    JOVENES = "jovenes", "Jóvenes"
    PERSONAS_MAYORES = "personas_mayores", "Personas mayores"
    MIGRANTES = "migrantes", "Personas migrantes"
    PUEBLOS_ORIGINARIOS = "pueblos_originarios", "Pueblos originarios"
    INFRACTORES = "infractores", "Personas que cumplen condena (reinserción)"


class Mesa(Versionado):
    class Tipo(models.TextChoices):
        REGIONAL = "regional", "Regional"
        COMUNAL = "comunal", "Comunal"

    tipo = models.CharField(max_length=10, choices=Tipo.choices)
    nombre = models.CharField(max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="mesas")
    comuna = models.ForeignKey(
        Comuna, on_delete=models.PROTECT, related_name="mesas", null=True, blank=True
    )
    coordinadora = models.ForeignKey(
        Institucion,
        on_delete=models.PROTECT,
        related_name="mesas_coordinadas",
        verbose_name="institución coordinadora",
    )
    poblaciones = models.JSONField(
        "poblaciones foco", default=list, blank=True, help_text="Grupos prioritarios de la mesa."
    )
    objetivo = models.TextField(blank=True)
    fecha_inicio = models.DateField("fecha de inicio")
    activa = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "mesa"
        verbose_name_plural = "mesas"
        ordering = ["region", "-tipo", "nombre"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"], condition=Q(tipo="regional"), name="una_mesa_regional_por_region"
            ),
            models.UniqueConstraint(
                fields=["comuna"], condition=Q(tipo="comunal"), name="una_mesa_comunal_por_comuna"
            ),
            models.CheckConstraint(
                condition=Q(tipo="regional", comuna__isnull=True)
                | Q(tipo="comunal", comuna__isnull=False),
                name="mesa_tipo_coherente",
                violation_error_message="Una mesa comunal tiene comuna; una regional no.",
            ),
        ]

    def __str__(self) -> str:
        return self.nombre

    def get_absolute_url(self) -> str:
        return reverse("mesas:mesa_detail", args=[self.pk])

    @property
    def es_regional(self) -> bool:
        return self.tipo == self.Tipo.REGIONAL

    def poblaciones_display(self) -> list[str]:
        etiquetas = dict(Poblacion.choices)
        return [etiquetas.get(p, p) for p in self.poblaciones]

    def clean(self) -> None:
        errores = {}
        if self.tipo == self.Tipo.COMUNAL and not self.comuna_id:
            errores["comuna"] = "Una mesa comunal necesita su comuna."
        if self.tipo == self.Tipo.REGIONAL and self.comuna_id:
            errores["comuna"] = "Una mesa regional no tiene comuna."
        if self.comuna_id and self.region_id and self.comuna.region_id != self.region_id:
            errores["comuna"] = "La comuna no pertenece a la región de la mesa."
        if self.coordinadora_id and self.region_id:
            if self.coordinadora.region_id != self.region_id:
                errores["coordinadora"] = "La institución coordinadora es de otra región."
            elif self.tipo == self.Tipo.COMUNAL and not (
                self.coordinadora.es_sence or self.coordinadora.comuna_id == self.comuna_id
            ):
                errores["coordinadora"] = (
                    "Coordina una mesa comunal la OMIL de la comuna (o SENCE regional)."
                )
        validas = set(Poblacion.values)
        if not isinstance(self.poblaciones, list) or not set(self.poblaciones) <= validas:
            errores["poblaciones"] = "Hay una población foco desconocida."
        if errores:
            raise ValidationError(errores)


class Integrante(models.Model):
    """An institution sitting on a mesa, optionally with the person who represents it."""

    class Rol(models.TextChoices):
        COORDINACION = "coordinacion", "Coordinación"
        TITULAR = "titular", "Titular"
        SUPLENTE = "suplente", "Suplente"
        INVITADO = "invitado", "Invitado/a permanente"

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="integrantes")
    institucion = models.ForeignKey(
        Institucion, on_delete=models.PROTECT, related_name="integraciones_mesa"
    )
    persona = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="integraciones_mesa",
        null=True,
        blank=True,
        help_text="Déjelo vacío para invitar a la institución por su correo.",
    )
    rol = models.CharField("rol en la mesa", max_length=15, choices=Rol.choices, default="titular")
    activo = models.BooleanField(default=True)
    desde = models.DateField(default=timezone.localdate)
    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "integrante"
        verbose_name_plural = "integrantes"
        ordering = ["institucion__nombre", "rol"]
        constraints = [
            models.UniqueConstraint(
                fields=["mesa", "institucion", "persona"], name="integrante_unico"
            ),
            models.UniqueConstraint(
                fields=["mesa", "institucion"],
                condition=Q(persona__isnull=True),
                name="integrante_institucion_unica",
            ),
        ]

    def __str__(self) -> str:
        quien = f"{self.persona} ({self.institucion})" if self.persona_id else str(self.institucion)
        return f"{quien} — {self.get_rol_display()}"

    def clean(self) -> None:
        if (
            self.institucion_id
            and self.mesa_id
            and self.institucion.region_id != self.mesa.region_id
        ):
            raise ValidationError({"institucion": "La institución es de otra región."})
        if (
            self.persona_id
            and self.institucion_id
            and not self.persona.membresias.filter(
                institucion_id=self.institucion_id, activa=True
            ).exists()
        ):
            raise ValidationError({"persona": "La persona no pertenece a la institución indicada."})
