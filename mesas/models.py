"""Mesas intersectoriales: the regional and communal tables, their sessions (single or monthly
series), agenda, attendance, minutes (versioned) and agreements."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nucleo import formato
from nucleo.archivos import RutaPrivada
from nucleo.historial import HistorialConIP
from nucleo.models import Comuna, Institucion, Programa, Region, Versionado

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
