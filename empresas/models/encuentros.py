"""Encuentros empresariales and the companies and services taking part."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from empresas.models.empresas import Empresa
from nucleo.historial import HistorialConIP
from nucleo.models import Comuna, Institucion, Region, Versionado


class EncuentroEmpresarial(Versionado):
    class Estado(models.TextChoices):
        PROGRAMADO = "programado", "Programado"
        REALIZADO = "realizado", "Realizado"
        SUSPENDIDO = "suspendido", "Suspendido"

    nombre = models.CharField(max_length=200)
    inicio = models.DateTimeField("fecha y hora")
    duracion_minutos = models.PositiveSmallIntegerField("duración (minutos)", default=180)
    lugar = models.CharField(max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    comuna = models.ForeignKey(
        Comuna, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    descripcion = models.TextField("descripción", blank=True)
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.PROGRAMADO)
    organizadores = models.ManyToManyField(
        Institucion,
        related_name="encuentros_organizados",
        verbose_name="instituciones organizadoras",
    )
    servicios_presentes = models.ManyToManyField(
        Institucion,
        related_name="encuentros_presentes",
        blank=True,
        verbose_name="servicios presentes",
    )
    vacantes_comprometidas = models.PositiveIntegerField(
        "vacantes comprometidas", null=True, blank=True
    )
    personas_derivadas = models.PositiveIntegerField("personas derivadas", null=True, blank=True)
    resultados = models.TextField(blank=True)
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "encuentro empresarial"
        verbose_name_plural = "encuentros empresariales"
        ordering = ["-inicio"]

    def __str__(self) -> str:
        return self.nombre

    def get_absolute_url(self) -> str:
        return reverse("empresas:encuentro_detail", args=[self.pk])

    def clean(self) -> None:
        if self.comuna_id and self.region_id and self.comuna.region_id != self.region_id:
            raise ValidationError({"comuna": "La comuna no pertenece a la región del encuentro."})

    @property
    def fin(self):
        from datetime import timedelta

        return self.inicio + timedelta(minutes=self.duracion_minutos)


class ParticipacionEncuentro(models.Model):
    class Estado(models.TextChoices):
        INVITADA = "invitada", "Invitada"
        INSCRITA = "inscrita", "Inscrita"
        ASISTIO = "asistio", "Asistió"
        NO_ASISTIO = "no_asistio", "No asistió"

    encuentro = models.ForeignKey(
        EncuentroEmpresarial, on_delete=models.CASCADE, related_name="participaciones"
    )
    empresa = models.ForeignKey(
        Empresa, on_delete=models.PROTECT, related_name="participaciones_encuentro"
    )
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.INVITADA)
    # The reports read who attended as of their cut-off (nucleo.corte.filas_al).
    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "empresa en encuentro"
        verbose_name_plural = "empresas en encuentros"
        ordering = ["empresa__razon_social"]
        constraints = [
            models.UniqueConstraint(
                fields=["encuentro", "empresa"], name="empresa_una_vez_por_encuentro"
            )
        ]

    def __str__(self) -> str:
        return f"{self.empresa} en {self.encuentro}: {self.get_estado_display()}"
