from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from informes.periodos import MENSUAL, SEMESTRAL, Periodo
from nucleo.archivos import RutaPrivada
from nucleo.models import Region


class Informe(models.Model):
    """One generated evaluation report: its request, its state while a worker builds it, and its
    files. Regenerating makes a new version and keeps the old ones."""

    class Tipo(models.TextChoices):
        MENSUAL = MENSUAL, "Mensual"
        SEMESTRAL = SEMESTRAL, "Semestral"

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        GENERANDO = "generando", "Generando"
        LISTO = "listo", "Listo"
        FALLIDO = "fallido", "Fallido"

    ACTIVOS = (Estado.PENDIENTE, Estado.GENERANDO)

    tipo = models.CharField(max_length=10, choices=Tipo.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="informes")
    periodo = models.CharField(max_length=7, help_text="2026-10 o 2026-S1")
    version = models.PositiveSmallIntegerField("versión", default=1)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    progreso = models.PositiveSmallIntegerField(default=0, help_text="0 a 100")
    fase = models.CharField(max_length=120, blank=True)
    solicitado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="informes_solicitados",
        help_text="Vacío: generado automáticamente por el calendario.",
    )
    created_at = models.DateTimeField("solicitado", auto_now_add=True)
    iniciado_at = models.DateTimeField("iniciado", null=True, blank=True)
    terminado_at = models.DateTimeField("terminado", null=True, blank=True)
    intentos = models.PositiveSmallIntegerField(default=0)
    encolado_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to=RutaPrivada("informes"), blank=True)
    excel = models.FileField(upload_to=RutaPrivada("informes"), blank=True)
    datos = models.JSONField("cifras", null=True, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    error = models.TextField(blank=True)
    tiempos = models.JSONField(default=dict, blank=True, editable=False)
    # The lease: the worker building the report holds it until `reservado_hasta` and renews it
    # while it works (heartbeat). Expired means that worker died: the sweeper hands it out again.
    reservado_por = models.CharField("trabajador", max_length=120, blank=True, editable=False)
    reservado_hasta = models.DateTimeField("reservado hasta", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "informe"
        verbose_name_plural = "informes"
        ordering = ["-periodo", "tipo", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["tipo", "region", "periodo", "version"], name="informe_version_unica"
            ),
            # Two requests for the same report while one is being built join it.
            models.UniqueConstraint(
                fields=["tipo", "region", "periodo"],
                condition=Q(estado__in=["pendiente", "generando"]),
                name="un_informe_activo_por_periodo",
            ),
        ]
        indexes = [models.Index(fields=["region", "tipo", "periodo"])]

    def __str__(self) -> str:
        tipo = self.get_tipo_display().lower()
        return f"Informe {tipo} {self.periodo} — {self.region} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("informes:informe_detail", args=[self.pk])

    @property
    def periodo_obj(self) -> Periodo:
        return Periodo.desde_texto(self.tipo, self.periodo)

    @property
    def activo(self) -> bool:
        return self.estado in self.ACTIVOS

    # A report started without a lease (before leases existed) counts as stuck after this long.
    SIN_RESERVA_ATASCADO = timedelta(hours=1)

    def atascado(self, ahora) -> bool:
        """Being built, but its worker stopped renewing the lease (killed, machine gone)."""
        if self.estado != self.Estado.GENERANDO:
            return False
        if self.reservado_hasta is not None:
            return self.reservado_hasta < ahora
        return self.iniciado_at is not None and self.iniciado_at < ahora - self.SIN_RESERVA_ATASCADO

    def nombre_archivo(self, extension: str) -> str:
        return f"informe-{self.tipo}-{self.region_id}-{self.periodo}-v{self.version}.{extension}"
