"""The minutes of a session (each version a file or a written text) and the agreements taken."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mesas.models.mesas import Mesa
from mesas.models.sesiones import Sesion
from nucleo.archivos import RutaPrivada
from nucleo.historial import HistorialConIP
from nucleo.models import Institucion


class MinutasVigentes(models.Manager):
    """Minutes not deleted (the default); `Minuta.todas` includes the deleted ones."""

    def get_queryset(self):
        return super().get_queryset().filter(eliminada_at__isnull=True)


UN_SOLO_DOCUMENTO = "Cada versión de la minuta es un archivo o un texto escrito, no ambos."


class Minuta(models.Model):
    """One version of a session's minutes. Replacing adds a version; earlier ones are kept.
    Deleting is soft: the version leaves every list and report, and can be restored.

    Each version is one whole document: an uploaded file (PDF, DOCX, ODT) or a written text,
    never both; `formato` says which, and only a written version has a PDF built from its text."""

    class Formato(models.TextChoices):
        PDF = "pdf", "Archivo PDF"
        DOCX = "docx", "Archivo DOCX"
        ODT = "odt", "Archivo ODT"
        TEXTO = "texto", "Texto escrito"

    sesion = models.ForeignKey(Sesion, on_delete=models.CASCADE, related_name="minutas")
    numero = models.PositiveSmallIntegerField("versión", default=1)
    formato = models.CharField(
        "tipo de documento", max_length=5, choices=Formato.choices, default=Formato.TEXTO
    )
    archivo = models.FileField(upload_to=RutaPrivada("minutas"), blank=True)
    nombre_original = models.CharField(max_length=160, blank=True)
    tamano = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    texto = models.TextField(blank=True)
    nota = models.CharField("nota de la versión", max_length=200, blank=True)
    subida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    eliminada_at = models.DateTimeField("eliminada", null=True, blank=True, editable=False)
    eliminada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords(bases=[HistorialConIP])

    objects = MinutasVigentes()
    todas = models.Manager()  # noqa: DJ012  (deleted ones included; not the default)

    class Meta:
        verbose_name = "minuta"
        verbose_name_plural = "minutas"
        ordering = ["sesion", "-numero"]
        constraints = [
            models.UniqueConstraint(fields=["sesion", "numero"], name="minuta_version_unica"),
            models.CheckConstraint(
                condition=(
                    models.Q(formato="texto", archivo="") & ~models.Q(texto="")
                    | ~models.Q(formato="texto") & ~models.Q(archivo="") & models.Q(texto="")
                ),
                name="minuta_un_solo_documento",
                violation_error_message=UN_SOLO_DOCUMENTO,
            ),
        ]

    def __str__(self) -> str:
        return f"Minuta v{self.numero} de {self.sesion}"

    @property
    def es_texto(self) -> bool:
        return self.formato == self.Formato.TEXTO

    def clean(self) -> None:
        if self.archivo and self.texto.strip():
            raise ValidationError(UN_SOLO_DOCUMENTO)
        if not self.archivo and not self.texto.strip():
            raise ValidationError("La minuta necesita un archivo o un texto.")
        if self.es_texto != (not self.archivo):
            raise ValidationError({"formato": "El tipo de documento no coincide con la minuta."})


class Acuerdo(models.Model):
    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        CUMPLIDO = "cumplido", "Cumplido"
        VENCIDO = "vencido", "Vencido"

    ABIERTOS = (Estado.PENDIENTE, Estado.VENCIDO)

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="acuerdos")
    sesion = models.ForeignKey(Sesion, on_delete=models.CASCADE, related_name="acuerdos")
    texto = models.TextField("acuerdo")
    institucion_responsable = models.ForeignKey(
        Institucion,
        on_delete=models.PROTECT,
        related_name="acuerdos_mesa",
        verbose_name="institución responsable",
    )
    persona_responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="acuerdos_mesa",
        null=True,
        blank=True,
    )
    fecha_limite = models.DateField("fecha límite")
    estado = models.CharField(max_length=10, choices=Estado.choices, default="pendiente")
    cumplido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cumplido_at = models.DateTimeField("cumplido el", null=True, blank=True)
    observacion = models.CharField("observación", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "acuerdo"
        verbose_name_plural = "acuerdos"
        ordering = ["fecha_limite", "pk"]
        indexes = [models.Index(fields=["mesa", "estado"])]

    def __str__(self) -> str:
        return self.texto[:80]

    def get_absolute_url(self) -> str:
        return f"{reverse('mesas:sesion_detail', args=[self.sesion_id])}#acuerdo-{self.pk}"

    @property
    def abierto(self) -> bool:
        return self.estado in self.ABIERTOS

    def clean(self) -> None:
        if (
            self.institucion_responsable_id
            and self.mesa_id
            and self.institucion_responsable.region_id != self.mesa.region_id
        ):
            raise ValidationError(
                {"institucion_responsable": "La institución responsable es de otra región."}
            )
        if self.sesion_id and self.mesa_id and self.sesion.mesa_id != self.mesa_id:
            raise ValidationError("La sesión es de otra mesa.")
