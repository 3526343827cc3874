"""A mesa's sessions: monthly series, single sessions, their agenda and attendance."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mesas.models.mesas import Mesa
from nucleo import formato
from nucleo.historial import HistorialConIP
from nucleo.models import Institucion, Programa, Versionado


class TipoSesion(models.TextChoices):
    ORDINARIA = "ordinaria", "Ordinaria mensual"
    EVALUACION = "evaluacion", "Evaluación semestral"
    EXTRAORDINARIA = "extraordinaria", "Extraordinaria"
    CAPACITACION = "capacitacion", "Capacitación interna"


class Serie(Versionado):
    """The monthly rule that created a set of sessions; used to change or end the rest."""

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="series")
    regla = models.CharField("regla", max_length=120)
    rrule = models.TextField(editable=False)
    tipo = models.CharField(max_length=15, choices=TipoSesion.choices, default="ordinaria")
    hora = models.TimeField()
    duracion_minutos = models.PositiveSmallIntegerField("duración (minutos)", default=120)
    desde = models.DateField()
    hasta = models.DateField(null=True, blank=True)
    cantidad = models.PositiveSmallIntegerField(null=True, blank=True)
    lugar = models.CharField(max_length=200, blank=True)
    enlace_video = models.URLField("enlace de videoconferencia", blank=True)
    terminada_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "serie de sesiones"
        verbose_name_plural = "series de sesiones"
        ordering = ["-desde"]

    def __str__(self) -> str:
        return f"{self.mesa}: {self.regla}"

    def get_absolute_url(self) -> str:
        return reverse("mesas:serie_detail", args=[self.pk])


class Sesion(Versionado):
    class Estado(models.TextChoices):
        PROGRAMADA = "programada", "Programada"
        REALIZADA = "realizada", "Realizada"
        SUSPENDIDA = "suspendida", "Suspendida"

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="sesiones")
    serie = models.ForeignKey(
        Serie, on_delete=models.SET_NULL, related_name="sesiones", null=True, blank=True
    )
    tipo = models.CharField(max_length=15, choices=TipoSesion.choices, default="ordinaria")
    titulo = models.CharField("título", max_length=200, blank=True)
    inicio = models.DateTimeField(db_index=True)
    fin = models.DateTimeField()
    lugar = models.CharField(max_length=200, blank=True)
    enlace_video = models.URLField("enlace de videoconferencia", blank=True)
    # Each change of date, place or link opens a new round: the answers and e-mailed links of
    # the earlier round no longer count (as VisitaEmpresa.ronda for company visits).
    ronda = models.PositiveSmallIntegerField(default=1, editable=False)
    estado = models.CharField(max_length=12, choices=Estado.choices, default="programada")
    motivo_suspension = models.CharField("motivo de la suspensión", max_length=300, blank=True)
    programas_presentados = models.ManyToManyField(
        Programa, blank=True, related_name="sesiones_presentado"
    )
    dificultades = models.TextField(blank=True)
    propuestas_mejora = models.TextField("propuestas de mejora", blank=True)
    recordatorio_minuta_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        bases=[HistorialConIP], excluded_fields=["recordatorio_minuta_at", "updated_at"]
    )

    class Meta:
        verbose_name = "sesión"
        verbose_name_plural = "sesiones"
        ordering = ["inicio"]
        indexes = [models.Index(fields=["mesa", "inicio"])]

    def __str__(self) -> str:
        return f"{self.nombre} — {formato.fecha_hora(self.inicio)}"

    @property
    def nombre(self) -> str:
        return self.titulo or f"Sesión {self.get_tipo_display().lower()}"

    def get_absolute_url(self) -> str:
        return reverse("mesas:sesion_detail", args=[self.pk])

    @property
    def uid(self) -> str:
        return f"sesion-{self.pk}@mesas-intersectoriales"

    @property
    def pasada(self) -> bool:
        return self.inicio <= timezone.now()

    def clean(self) -> None:
        if self.inicio and self.fin and self.fin <= self.inicio:
            raise ValidationError({"fin": "El término debe ser posterior al inicio."})
        if self.estado == self.Estado.REALIZADA and self.inicio and self.inicio > timezone.now():
            raise ValidationError("Una sesión futura no puede estar realizada.")


class PuntoTabla(models.Model):
    sesion = models.ForeignKey(Sesion, on_delete=models.CASCADE, related_name="puntos")
    orden = models.PositiveSmallIntegerField(default=0)
    titulo = models.CharField("tema", max_length=200)
    detalle = models.TextField(blank=True)
    expositor = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = "punto de tabla"
        verbose_name_plural = "puntos de tabla"
        ordering = ["orden", "pk"]

    def __str__(self) -> str:
        return self.titulo


class Asistencia(models.Model):
    """One invitee of a session: a person of a member institution, or the institution itself."""

    class Estado(models.TextChoices):
        INVITADA = "invitada", "Invitada (sin respuesta)"
        CONFIRMADA = "confirmada", "Confirmó asistencia"
        RECHAZADA = "rechazada", "No podrá asistir"
        ASISTIO = "asistio", "Asistió"
        AUSENTE = "ausente", "Ausente"
        JUSTIFICADA = "justificada", "Ausencia justificada"

    RESPUESTAS = (Estado.CONFIRMADA, Estado.RECHAZADA)
    REGISTROS = (Estado.ASISTIO, Estado.AUSENTE, Estado.JUSTIFICADA)

    sesion = models.ForeignKey(Sesion, on_delete=models.CASCADE, related_name="asistencias")
    institucion = models.ForeignKey(
        Institucion, on_delete=models.PROTECT, related_name="asistencias_mesa"
    )
    persona = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="asistencias_mesa",
        null=True,
        blank=True,
    )
    email = models.EmailField(blank=True)
    estado = models.CharField(max_length=12, choices=Estado.choices, default="invitada")
    respuesta = models.CharField(
        max_length=12, blank=True, help_text="Lo que respondió a la invitación, si respondió."
    )
    respondida_at = models.DateTimeField(null=True, blank=True)
    respondida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    respondida_via = models.CharField(max_length=10, blank=True)  # "app" or "correo"
    motivo_rechazo = models.CharField("motivo", max_length=300, blank=True)
    reemplazante = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="asiste en su lugar",
    )
    registrada_at = models.DateTimeField(null=True, blank=True)
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invitacion_enviada_at = models.DateTimeField(null=True, blank=True)
    recordatorio_enviado_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(
        bases=[HistorialConIP], excluded_fields=["invitacion_enviada_at", "recordatorio_enviado_at"]
    )

    class Meta:
        verbose_name = "asistencia"
        verbose_name_plural = "asistencias"
        ordering = ["institucion__nombre", "persona__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sesion", "institucion", "persona"], name="asistencia_unica"
            ),
            models.UniqueConstraint(
                fields=["sesion", "institucion"],
                condition=Q(persona__isnull=True),
                name="asistencia_institucion_unica",
            ),
        ]

    def __str__(self) -> str:
        quien = f"{self.persona} ({self.institucion})" if self.persona_id else str(self.institucion)
        return f"{quien}: {self.get_estado_display()}"

    @property
    def invitado(self) -> str:
        return str(self.persona) if self.persona_id else str(self.institucion)
