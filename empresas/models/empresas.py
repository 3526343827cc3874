"""Companies of the Red de Empleadores, their contacts and needs, and spreadsheet imports."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from empresas import rut as rut_chileno
from nucleo.archivos import RutaPrivada
from nucleo.historial import HistorialConIP
from nucleo.models import Comuna, Versionado


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
