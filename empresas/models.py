"""Red de Empleadores: companies, contacts and needs, joint visits, encuentros empresariales."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from empresas import rut as rut_chileno
from nucleo.archivos import RutaPrivada
from nucleo.historial import HistorialConIP
from nucleo.models import Comuna, Institucion, Region, Versionado


class Rubro(models.TextChoices):
    """Economic sectors as SII and INE group them, in the words employers use."""

    AGRICOLA = "agricola", "Agricultura, ganadería y silvicultura"
    PESCA = "pesca", "Pesca y acuicultura"
    MINERIA = "mineria", "Minería"
    INDUSTRIA = "industria", "Industria manufacturera"
    ALIMENTOS = "alimentos", "Industria de alimentos y bebidas"
    ENERGIA = "energia", "Electricidad, gas y agua"
    CONSTRUCCION = "construccion", "Construcción"
    COMERCIO = "comercio", "Comercio mayorista y minorista"
    TRANSPORTE = "transporte", "Transporte, logística y almacenamiento"
    PORTUARIO = "portuario", "Actividad portuaria"
    TURISMO = "turismo", "Turismo, hotelería y gastronomía"
    TECNOLOGIA = "tecnologia", "Información y comunicaciones"
    FINANZAS = "finanzas", "Servicios financieros y seguros"
    SERVICIOS = "servicios", "Servicios a empresas (aseo, seguridad, apoyo)"
    EDUCACION = "educacion", "Educación"
    SALUD = "salud", "Salud y asistencia social"
    OTRO = "otro", "Otro rubro"


class Tamano(models.TextChoices):
    MICRO = "micro", "Microempresa"
    PEQUENA = "pequena", "Pequeña empresa"
    MEDIANA = "mediana", "Mediana empresa"
    GRANDE = "grande", "Gran empresa"


class Empresa(Versionado):
    rut = models.CharField(
        "RUT",
        max_length=12,
        unique=True,
        error_messages={"unique": "Ya existe una empresa con este RUT."},
    )
    razon_social = models.CharField("razón social", max_length=200)
    nombre_fantasia = models.CharField("nombre de fantasía", max_length=200, blank=True)
    rubro = models.CharField(max_length=20, choices=Rubro.choices)
    tamano = models.CharField("tamaño", max_length=10, choices=Tamano.choices)
    comuna = models.ForeignKey(Comuna, on_delete=models.PROTECT, related_name="empresas")
    direccion = models.CharField("dirección", max_length=200, blank=True)
    telefono = models.CharField("teléfono", max_length=30, blank=True)
    email = models.EmailField("correo electrónico", blank=True)
    sitio_web = models.URLField("sitio web", blank=True)
    miembro_red_desde = models.DateField(
        "miembro de la Red de Empleadores desde",
        null=True,
        blank=True,
        help_text="Déjalo vacío si la empresa aún no se suma a la red.",
    )
    observaciones = models.TextField(blank=True)
    creada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "empresa"
        verbose_name_plural = "empresas"
        ordering = ["razon_social"]
        indexes = [models.Index(fields=["comuna", "rubro"])]

    def __str__(self) -> str:
        return self.nombre_fantasia or self.razon_social

    def get_absolute_url(self) -> str:
        return reverse("empresas:empresa_detail", args=[self.pk])

    def clean(self) -> None:
        if self.rut:
            try:
                self.rut = rut_chileno.normalizar(self.rut)
            except ValidationError as error:
                raise ValidationError({"rut": error.messages}) from error

    @property
    def rut_formateado(self) -> str:
        return rut_chileno.formatear(self.rut)

    @property
    def region_id(self) -> str:
        return self.comuna.region_id


class Contacto(models.Model):
    empresa = models.ForeignKey(Empresa, on_delete=models.CASCADE, related_name="contactos")
    nombre = models.CharField(max_length=150)
    cargo = models.CharField(max_length=120, blank=True)
    telefono = models.CharField("teléfono", max_length=30, blank=True)
    email = models.EmailField("correo electrónico", blank=True)

    class Meta:
        verbose_name = "contacto"
        verbose_name_plural = "contactos"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.nombre} ({self.cargo})" if self.cargo else self.nombre


class TipoNecesidad(models.TextChoices):
    VACANTES = "vacantes", "Vacantes por cubrir"
    CAPACITACION = "capacitacion", "Capacitación"
    DISCAPACIDAD = "discapacidad", "Contratación inclusiva (personas con discapacidad)"
    MUJERES = "mujeres", "Contratación de mujeres / jefas de hogar"
    SEGUNDAS_OPORTUNIDADES = (
        "segundas_oportunidades",
        "Segundas oportunidades (personas en rehabilitación)",
    )
    JOVENES = "jovenes", "Contratación de jóvenes"
    APOYO_TECNICO = "apoyo_tecnico", "Apoyo técnico y fomento productivo"
    OTRA = "otra", "Otra necesidad"


class Necesidad(models.Model):
    empresa = models.ForeignKey(Empresa, on_delete=models.CASCADE, related_name="necesidades")
    tipo = models.CharField(max_length=30, choices=TipoNecesidad.choices)
    ocupacion = models.CharField(
        "ocupación", max_length=120, blank=True, help_text="Para vacantes: el puesto a cubrir."
    )
    cantidad = models.PositiveIntegerField(
        null=True, blank=True, help_text="Para vacantes: cuántos puestos."
    )
    detalle = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "necesidad"
        verbose_name_plural = "necesidades"
        ordering = ["tipo", "pk"]

    def __str__(self) -> str:
        partes = [self.get_tipo_display()]
        if self.ocupacion:
            partes.append(self.ocupacion)
        if self.cantidad:
            partes.append(f"{self.cantidad} {'puesto' if self.cantidad == 1 else 'puestos'}")
        return " · ".join(partes)

    def clean(self) -> None:
        if self.tipo == TipoNecesidad.VACANTES and not self.ocupacion:
            raise ValidationError({"ocupacion": "Indica la ocupación de las vacantes."})


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


class ImportacionEmpresas(models.Model):
    """An uploaded spreadsheet kept in private storage between the preview and the import."""

    class Estado(models.TextChoices):
        REVISION = "revision", "En revisión"
        IMPORTADA = "importada", "Importada"

    archivo = models.FileField(upload_to=RutaPrivada("importaciones-empresas"), blank=True)
    nombre_original = models.CharField(max_length=200)
    subida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.REVISION)
    creadas = models.PositiveIntegerField(default=0)
    omitidas = models.PositiveIntegerField(default=0)
    con_errores = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    importada_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "importación de empresas"
        verbose_name_plural = "importaciones de empresas"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.nombre_original


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
