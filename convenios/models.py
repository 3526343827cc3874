"""Agreements between SENCE's regional directorate and the services (convenios)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nucleo.archivos import RutaPrivada
from nucleo.historial import HistorialConIP
from nucleo.models import Institucion, Versionado

DIAS_ALERTA = (90, 30)


class Vigencia(models.TextChoices):
    """The state people talk about: the stored one, with vigente/vencido derived from the dates."""

    EN_PREPARACION = "en_preparacion", "En preparación"
    POR_INICIAR = "por_iniciar", "Firmado, aún no vigente"
    VIGENTE = "vigente", "Vigente"
    VENCIDO = "vencido", "Vencido"
    TERMINADO = "terminado", "Terminado"


class Convenio(Versionado):
    class Tipo(models.TextChoices):
        COLABORACION = "colaboracion", "Convenio de colaboración"
        APOYO_TECNICO = "apoyo_tecnico", "Acuerdo de apoyo técnico"
        ADDENDUM = "addendum", "Addendum a otro convenio"

    class Estado(models.TextChoices):
        EN_PREPARACION = "en_preparacion", "En preparación"
        FIRMADO = "firmado", "Firmado"
        TERMINADO = "terminado", "Terminado"

    oficina_sence = models.ForeignKey(
        Institucion,
        on_delete=models.PROTECT,
        related_name="convenios_sence",
        verbose_name="dirección regional SENCE",
    )
    instituciones = models.ManyToManyField(
        Institucion, related_name="convenios", verbose_name="instituciones contraparte"
    )
    nombre = models.CharField("nombre del convenio", max_length=250)
    tipo = models.CharField(max_length=15, choices=Tipo.choices, default=Tipo.COLABORACION)
    convenio_padre = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="addenda",
        null=True,
        blank=True,
        verbose_name="convenio que modifica",
        help_text="Solo para un addendum.",
    )
    objeto = models.TextField("objeto del convenio", blank=True)
    resolucion_numero = models.CharField("resolución N°", max_length=40, blank=True)
    resolucion_fecha = models.DateField("fecha de la resolución", null=True, blank=True)
    fecha_firma = models.DateField("fecha de firma", null=True, blank=True)
    fecha_inicio = models.DateField("inicio de vigencia", null=True, blank=True)
    fecha_termino = models.DateField("término de vigencia", null=True, blank=True)
    renovacion_automatica = models.BooleanField("renovación automática", default=False)
    renovacion_meses = models.PositiveSmallIntegerField(
        "período de renovación (meses)", null=True, blank=True
    )
    estado = models.CharField(max_length=15, choices=Estado.choices, default=Estado.EN_PREPARACION)
    recursos_comprometidos = models.PositiveBigIntegerField(
        "recursos comprometidos por SENCE (CLP)",
        default=0,
        help_text="Monto en pesos que compromete la dirección regional, sin puntos.",
    )
    documento = models.FileField(
        "convenio firmado (PDF)", upload_to=RutaPrivada("convenios"), blank=True, max_length=200
    )
    documento_nombre = models.CharField(max_length=150, blank=True)
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    actualizado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        bases=[HistorialConIP], excluded_fields=["created_at", "updated_at"]
    )

    class Meta:
        verbose_name = "convenio"
        verbose_name_plural = "convenios"
        ordering = ["fecha_termino", "nombre"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fecha_termino__isnull=True)
                | Q(fecha_inicio__isnull=True)
                | Q(fecha_termino__gte=models.F("fecha_inicio")),
                name="convenio_termino_despues_de_inicio",
                violation_error_message=(
                    "La fecha de término no puede ser anterior a la de inicio de vigencia."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.nombre

    def get_absolute_url(self) -> str:
        return reverse("convenios:convenio_detail", args=[self.pk])

    def vigencia(self, hoy: date | None = None) -> str:
        """Vigencia value; computed on each call from the dates, so it is never stale."""
        hoy = hoy or timezone.localdate()
        if self.estado == self.Estado.TERMINADO:
            return Vigencia.TERMINADO
        if self.estado == self.Estado.EN_PREPARACION:
            return Vigencia.EN_PREPARACION
        if self.fecha_inicio and hoy < self.fecha_inicio:
            return Vigencia.POR_INICIAR
        if self.fecha_termino and hoy > self.fecha_termino:
            return Vigencia.VENCIDO
        return Vigencia.VIGENTE

    @property
    def estado_actual(self) -> str:
        return self.vigencia()

    @property
    def estado_actual_display(self) -> str:
        return Vigencia(self.vigencia()).label

    @property
    def dias_para_vencer(self) -> int | None:
        if not self.fecha_termino:
            return None
        return (self.fecha_termino - timezone.localdate()).days

    def clean(self) -> None:
        errores: dict[str, str] = {}
        if self.fecha_inicio and self.fecha_termino and self.fecha_termino < self.fecha_inicio:
            errores["fecha_termino"] = (
                "La fecha de término no puede ser anterior a la de inicio de vigencia."
            )
        if self.tipo == self.Tipo.ADDENDUM and not self.convenio_padre_id:
            errores["convenio_padre"] = "Un addendum debe indicar el convenio que modifica."
        if self.tipo != self.Tipo.ADDENDUM and self.convenio_padre_id:
            errores["convenio_padre"] = "Solo un addendum modifica otro convenio."
        if self.convenio_padre_id and self.pk and self.convenio_padre_id == self.pk:
            errores["convenio_padre"] = "Un convenio no puede ser addendum de sí mismo."
        if self.renovacion_automatica and not self.renovacion_meses:
            errores["renovacion_meses"] = "Indica cada cuántos meses se renueva."
        if self.estado == self.Estado.FIRMADO:
            for campo, texto in [
                ("fecha_firma", "la fecha de firma"),
                ("fecha_inicio", "el inicio de vigencia"),
                ("fecha_termino", "el término de vigencia"),
            ]:
                if not getattr(self, campo):
                    errores.setdefault(campo, f"Un convenio firmado debe indicar {texto}.")
        if errores:
            raise ValidationError(errores)


class ObligacionConvenio(models.Model):
    """What one party commits to."""

    convenio = models.ForeignKey(Convenio, on_delete=models.CASCADE, related_name="obligaciones")
    parte = models.ForeignKey(
        Institucion, on_delete=models.PROTECT, related_name="+", verbose_name="parte"
    )
    descripcion = models.TextField("obligación")
    orden = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "obligación"
        verbose_name_plural = "obligaciones"
        ordering = ["convenio", "orden", "pk"]

    def __str__(self) -> str:
        return f"{self.parte}: {self.descripcion[:60]}"


class AlertaConvenio(models.Model):
    """An expiry warning, recorded so that each one goes out exactly once per end date."""

    convenio = models.ForeignKey(Convenio, on_delete=models.CASCADE, related_name="alertas")
    dias = models.PositiveSmallIntegerField("días de anticipación")
    fecha_termino = models.DateField("término avisado")
    created_at = models.DateTimeField(auto_now_add=True)
    enviada_at = models.DateTimeField("enviada", null=True, blank=True)
    destinatarios = models.TextField(blank=True)

    class Meta:
        verbose_name = "alerta de vencimiento"
        verbose_name_plural = "alertas de vencimiento"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["convenio", "dias", "fecha_termino"], name="alerta_convenio_unica"
            )
        ]

    def __str__(self) -> str:
        return f"{self.convenio}: aviso a {self.dias} días"
