"""Joint company visits, the services invited, the agreements taken, and companies' requests
for a visit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from empresas import rut as rut_chileno
from empresas.models.empresas import Empresa, Rubro, Tamano, TipoNecesidad
from nucleo.historial import HistorialConIP
from nucleo.models import Comuna, Institucion, Versionado


class VisitaEmpresa(Versionado):
    class Estado(models.TextChoices):
        PLANIFICADA = "planificada", "Planificada"
        REALIZADA = "realizada", "Realizada"
        SUSPENDIDA = "suspendida", "Suspendida"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="visitas")
    inicio = models.DateTimeField("fecha y hora")
    duracion_minutos = models.PositiveSmallIntegerField(
        "duración (minutos)", default=90, help_text="Para el calendario."
    )
    objetivo = models.TextField()
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.PLANIFICADA)
    participantes = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="visitas_empresa",
        verbose_name="equipo que asiste (SENCE y OMIL)",
    )
    # SET_NULL: removing a person's account keeps the visits they planned.
    planificada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    # Bumped when the date changes: e-mailed links of an older round no longer answer.
    ronda = models.PositiveSmallIntegerField(default=1, editable=False)
    # Outcome, filled in after the visit.
    vacantes_ofrecidas = models.PositiveIntegerField("vacantes ofrecidas", null=True, blank=True)
    personas_derivadas = models.PositiveIntegerField("personas derivadas", null=True, blank=True)
    capacitaciones_acordadas = models.CharField(
        "capacitaciones acordadas",
        max_length=300,
        blank=True,
        help_text="Por ejemplo: curso Más Capaz de operador de grúa horquilla para 15 personas.",
    )
    resultado = models.TextField("resumen de la visita", blank=True)
    motivo_suspension = models.CharField("motivo de la suspensión", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(bases=[HistorialConIP], excluded_fields=["ronda"])

    class Meta:
        verbose_name = "visita a empresa"
        verbose_name_plural = "visitas a empresas"
        ordering = ["-inicio"]
        indexes = [models.Index(fields=["inicio"]), models.Index(fields=["estado", "inicio"])]

    def __str__(self) -> str:
        return f"Visita a {self.empresa}"

    def get_absolute_url(self) -> str:
        return reverse("empresas:visita_detail", args=[self.pk])

    @property
    def fin(self):
        from datetime import timedelta

        return self.inicio + timedelta(minutes=self.duracion_minutos)


class InvitacionVisita(models.Model):
    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente de respuesta"
        CONFIRMADA = "confirmada", "Confirmó asistencia"
        RECHAZADA = "rechazada", "No asistirá"

    visita = models.ForeignKey(VisitaEmpresa, on_delete=models.CASCADE, related_name="invitaciones")
    institucion = models.ForeignKey(
        Institucion, on_delete=models.CASCADE, related_name="invitaciones_visita"
    )
    motivo = models.CharField(max_length=200, blank=True)
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.PENDIENTE)
    respondido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    respondido_at = models.DateTimeField("respondida el", null=True, blank=True)
    respondido_por_enlace = models.BooleanField(default=False)
    recordada_at = models.DateTimeField("recordatorio enviado el", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The reports read who confirmed as of their cut-off (nucleo.corte.filas_al).
    history = HistoricalRecords(bases=[HistorialConIP], excluded_fields=["recordada_at"])

    class Meta:
        verbose_name = "invitación a visita"
        verbose_name_plural = "invitaciones a visitas"
        ordering = ["institucion__nombre"]
        constraints = [
            models.UniqueConstraint(
                fields=["visita", "institucion"], name="una_invitacion_por_servicio_y_visita"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institucion} — {self.get_estado_display()}"


class AcuerdoVisita(models.Model):
    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        CUMPLIDO = "cumplido", "Cumplido"

    visita = models.ForeignKey(VisitaEmpresa, on_delete=models.CASCADE, related_name="acuerdos")
    texto = models.CharField("acuerdo", max_length=300)
    institucion = models.ForeignKey(
        Institucion,
        on_delete=models.SET_NULL,
        null=True,
        related_name="acuerdos_visita",
        verbose_name="institución responsable",
    )
    fecha_limite = models.DateField("fecha límite")
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    cumplido_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "acuerdo de visita"
        verbose_name_plural = "acuerdos de visitas"
        ordering = ["fecha_limite", "pk"]

    def __str__(self) -> str:
        return self.texto

    def vencido_al(self, hoy) -> bool:
        return self.estado == self.Estado.PENDIENTE and self.fecha_limite < hoy


class SolicitudVisita(models.Model):
    """A company's request for a joint visit, sent from the public form (/oferta/empresas/…).

    It waits for the region's ejecutivos; accepting it creates or links the company and plans
    the visit (empresas.services.solicitudes)."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        ACEPTADA = "aceptada", "Aceptada: visita planificada"
        DESCARTADA = "descartada", "Descartada"

    rut = models.CharField("RUT", max_length=12)
    razon_social = models.CharField("razón social", max_length=200)
    rubro = models.CharField(max_length=20, choices=Rubro.choices)
    tamano = models.CharField("tamaño", max_length=10, choices=Tamano.choices)
    comuna = models.ForeignKey(Comuna, on_delete=models.PROTECT, related_name="+")
    necesidades = models.JSONField(default=list, help_text="Códigos de TipoNecesidad.")
    detalle = models.TextField("qué necesita la empresa", blank=True)
    contacto_nombre = models.CharField("nombre de contacto", max_length=150)
    contacto_cargo = models.CharField("cargo", max_length=120, blank=True)
    contacto_email = models.EmailField("correo electrónico")
    contacto_telefono = models.CharField("teléfono", max_length=30, blank=True)
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.PENDIENTE)
    motivo_descarte = models.CharField("motivo", max_length=300, blank=True)
    empresa = models.ForeignKey(
        Empresa, on_delete=models.SET_NULL, null=True, blank=True, related_name="solicitudes"
    )
    visita = models.ForeignKey(
        VisitaEmpresa, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    atendida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    atendida_at = models.DateTimeField("atendida el", null=True, blank=True)
    ip = models.GenericIPAddressField("dirección IP", null=True, blank=True)
    created_at = models.DateTimeField("recibida el", auto_now_add=True)

    class Meta:
        verbose_name = "solicitud de visita"
        verbose_name_plural = "solicitudes de visita"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["estado", "comuna"])]

    def __str__(self) -> str:
        return f"Solicitud de {self.razon_social}"

    def get_absolute_url(self) -> str:
        return reverse("empresas:solicitud_detail", args=[self.pk])

    def clean(self) -> None:
        if self.rut:
            try:
                self.rut = rut_chileno.normalizar(self.rut)
            except ValidationError as error:
                raise ValidationError({"rut": error.messages}) from error
        desconocidas = set(self.necesidades or []) - set(TipoNecesidad.values)
        if not self.necesidades:
            raise ValidationError({"necesidades": "Indica al menos una necesidad."})
        if desconocidas:
            raise ValidationError({"necesidades": "Necesidad desconocida."})

    @property
    def rut_formateado(self) -> str:
        return rut_chileno.formatear(self.rut)

    @property
    def necesidades_display(self) -> list[str]:
        return [TipoNecesidad(t).label for t in self.necesidades if t in TipoNecesidad.values]
