"""Communal plans (PlanComunal and its lines of action) and the catalogue sheets of programmes."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nucleo import formato
from nucleo.archivos import RutaPrivada
from nucleo.historial import HistorialConIP
from nucleo.models import Comuna, Institucion, Programa, Region, Versionado


class PoblacionFoco(models.TextChoices):
    DISCAPACIDAD = "discapacidad", "Personas con discapacidad"
    MUJERES = "mujeres", "Mujeres (jefas de hogar)"
    CONSUMO = "consumo_drogas", "Personas en rehabilitación del consumo de drogas"
    JOVENES = "jovenes", "Jóvenes"
    MAYORES = "personas_mayores", "Personas mayores"
    MIGRANTES = "migrantes", "Personas migrantes"
    PUEBLOS = "pueblos_originarios", "Pueblos originarios"
    REINSERCION = "reinsercion", "Personas en reinserción social"


class PlanesVigentes(models.Manager):
    """Plans not deleted (the default); `PlanComunal.todos` includes the deleted ones."""

    def get_queryset(self):
        return super().get_queryset().filter(eliminado_at__isnull=True)


class PlanComunal(Versionado):
    """The yearly plan of one comuna's OMIL, reviewed by SENCE's regional directorate."""

    class Estado(models.TextChoices):
        BORRADOR = "borrador", "Borrador"
        ENVIADO = "enviado", "Enviado a SENCE"
        OBSERVADO = "observado", "Observado por SENCE"
        APROBADO = "aprobado", "Aprobado"
        VISADO = "visado", "Aprobado por la autoridad comunal"

    comuna = models.ForeignKey(Comuna, on_delete=models.PROTECT, related_name="planes_comunales")
    anio = models.PositiveSmallIntegerField(
        "año", validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    poblaciones_foco = models.JSONField("poblaciones foco", default=list, blank=True)
    diagnostico = models.TextField("diagnóstico", blank=True)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.BORRADOR)
    observaciones = models.TextField(
        "observaciones de SENCE", blank=True, help_text="Las últimas observaciones recibidas."
    )
    documento = models.FileField(
        "plan firmado (PDF)", upload_to=RutaPrivada("planes"), blank=True, max_length=200
    )
    documento_nombre = models.CharField(max_length=150, blank=True)
    # The lines of action as they were at this save: simple_history keeps one per version, so
    # two versions can be compared line by line without a history table per line.
    lineas_snapshot = models.JSONField("líneas de acción", default=list, blank=True)
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    actualizado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Soft delete: the plan leaves every list and report and can be restored.
    eliminado_at = models.DateTimeField("eliminado", null=True, blank=True, editable=False)
    eliminado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    history = HistoricalRecords(
        bases=[HistorialConIP], excluded_fields=["updated_at", "created_at"]
    )

    objects = PlanesVigentes()
    todos = models.Manager()

    class Meta:
        verbose_name = "plan comunal"
        verbose_name_plural = "planes comunales"
        ordering = ["-anio", "comuna__nombre"]
        constraints = [
            models.UniqueConstraint(
                fields=["comuna", "anio"],
                condition=models.Q(eliminado_at__isnull=True),
                name="un_plan_por_comuna_y_anio",
                violation_error_message="Ya existe un plan comunal para esa comuna y ese año.",
            )
        ]
        indexes = [models.Index(fields=["anio", "estado"])]

    def __str__(self) -> str:
        return f"Plan comunal {self.comuna} {self.anio}"

    def get_absolute_url(self) -> str:
        return reverse("omil:plan_detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.estado in (self.Estado.BORRADOR, self.Estado.OBSERVADO)

    def poblaciones_foco_display(self) -> list[str]:
        etiquetas = dict(PoblacionFoco.choices)
        return [etiquetas.get(p, p) for p in self.poblaciones_foco]

    def clean(self) -> None:
        validas = set(PoblacionFoco.values)
        if any(p not in validas for p in self.poblaciones_foco or []):
            raise ValidationError({"poblaciones_foco": "Hay una población foco no reconocida."})


class TransicionPlan(models.Model):
    """One step of the workflow: who moved the plan, from where to where, when, and why."""

    plan = models.ForeignKey(PlanComunal, on_delete=models.CASCADE, related_name="transiciones")
    desde = models.CharField(max_length=10, choices=PlanComunal.Estado.choices)
    hacia = models.CharField(max_length=10, choices=PlanComunal.Estado.choices)
    # Empty only for records loaded from before the system (imports, demo): services require it.
    por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    comentario = models.TextField(blank=True)
    version = models.PositiveIntegerField("versión del plan")
    created_at = models.DateTimeField("fecha", auto_now_add=True)

    class Meta:
        verbose_name = "transición de plan"
        verbose_name_plural = "transiciones de plan"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_desde_display()} → {self.get_hacia_display()}"


def q_linea_atrasada(*, al: date | None = None, prefijo: str = "") -> models.Q:
    """The one definition of an overdue line of action: its deadline passed before `al` (today by
    default) and it is still open (pending or in progress; completed and suspended lines are not
    late). `prefijo` reaches the line through a relation, e.g. "lineas__" from a plan, so a count
    of overdue lines per plan is `Count("lineas", filter=q_linea_atrasada(prefijo="lineas__"))`."""
    al = al or timezone.localdate()
    return models.Q(**{f"{prefijo}plazo__lt": al, f"{prefijo}estado__in": LineaAccion.ABIERTAS})


class LineasQuerySet(models.QuerySet):
    def atrasadas(self, *, al: date | None = None) -> LineasQuerySet:
        return self.filter(q_linea_atrasada(al=al))


class LineaAccion(models.Model):
    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        EN_CURSO = "en_curso", "En curso"
        CUMPLIDA = "cumplida", "Cumplida"
        SUSPENDIDA = "suspendida", "Suspendida"

    # States in which a line still has a deadline to meet (see q_linea_atrasada).
    ABIERTAS = (Estado.PENDIENTE, Estado.EN_CURSO)

    plan = models.ForeignKey(PlanComunal, on_delete=models.CASCADE, related_name="lineas")
    orden = models.PositiveSmallIntegerField(default=0)
    actividad = models.CharField(max_length=300)
    servicios = models.ManyToManyField(
        Institucion, related_name="lineas_de_accion", blank=True, verbose_name="servicios"
    )
    programa = models.ForeignKey(
        Programa, on_delete=models.PROTECT, related_name="lineas_de_accion", null=True, blank=True
    )
    meta_numero = models.PositiveIntegerField(
        "meta", validators=[MinValueValidator(1, "La meta debe ser al menos 1.")]
    )
    meta_unidad = models.CharField(
        "unidad de la meta", max_length=80, help_text="Por ejemplo: personas derivadas, talleres."
    )
    plazo = models.DateField()
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.PENDIENTE)
    avance = models.PositiveIntegerField("avance", default=0)
    avance_actualizado = models.DateField("avance al", null=True, blank=True)

    objects = LineasQuerySet.as_manager()
    # The reports read a line's state as of their cut-off (nucleo.corte.filas_al).
    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "línea de acción"
        verbose_name_plural = "líneas de acción"
        ordering = ["plan", "orden", "pk"]

    def __str__(self) -> str:
        return self.actividad

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#linea-{self.pk}"

    @property
    def porcentaje(self) -> int:
        if not self.meta_numero:
            return 0
        return min(100, round(self.avance * 100 / self.meta_numero))

    def atrasada_al(self, al: date | None = None) -> bool:
        """The instance form of q_linea_atrasada (same rule, for rows already in memory)."""
        al = al or timezone.localdate()
        return self.plazo < al and self.estado in self.ABIERTAS

    @property
    def atrasada(self) -> bool:
        return self.atrasada_al()


class AvanceLinea(models.Model):
    """A progress report of a line of action during the year (kept, never overwritten)."""

    linea = models.ForeignKey(LineaAccion, on_delete=models.CASCADE, related_name="avances")
    fecha = models.DateField()
    valor = models.PositiveIntegerField("avance acumulado")
    estado = models.CharField(max_length=12, choices=LineaAccion.Estado.choices)
    comentario = models.TextField(blank=True)
    # Empty only for records loaded from before the system (imports, demo): services require it.
    por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "avance de línea de acción"
        verbose_name_plural = "avances de líneas de acción"
        ordering = ["-fecha", "-pk"]

    def __str__(self) -> str:
        return f"{self.linea}: {self.valor} al {formato.fecha(self.fecha)}"


class FichaPrograma(models.Model):
    """What the network needs to refer a person to a programme (oferta programática).

    nucleo.Programa holds the name, service and target population; the sheet adds the referral
    details and, for programmes a service runs only in one region, that region (null = the
    national catalogue, visible everywhere).
    """

    programa = models.OneToOneField(
        Programa, on_delete=models.CASCADE, primary_key=True, related_name="ficha"
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="fichas_programa",
        null=True,
        blank=True,
        help_text="Vacío: programa del catálogo nacional.",
    )
    requisitos = models.TextField(blank=True)
    como_derivar = models.TextField("cómo derivar", blank=True)
    contacto = models.CharField(max_length=300, blank=True)
    actualizado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "ficha de programa"
        verbose_name_plural = "fichas de programa"
        ordering = ["programa__servicio__sigla", "programa__nombre"]

    def __str__(self) -> str:
        return f"Ficha de {self.programa}"
