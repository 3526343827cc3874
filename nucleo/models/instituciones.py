"""Public services and their programmes, and the institutions (SENCE, the services' offices,
each comuna's OMIL)."""

from urllib.parse import quote_plus

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from nucleo.archivos import RutaPrivada
from nucleo.historial import HistorialConIP
from nucleo.models.base import Versionado
from nucleo.models.territorio import Comuna, Region


class ServicioPublico(models.Model):
    """A national public service (SENCE, SENDA, SENADIS, SERNAMEG, SEREMI de Economía…)."""

    SENCE = "sence"

    codigo = models.SlugField("código", max_length=20, unique=True)
    sigla = models.CharField(max_length=30)
    nombre = models.CharField(max_length=200)
    descripcion = models.TextField("descripción", blank=True)

    class Meta:
        verbose_name = "servicio público"
        verbose_name_plural = "servicios públicos"
        ordering = ["sigla"]

    def __str__(self) -> str:
        return self.sigla

    @property
    def es_sence(self) -> bool:
        return self.codigo == self.SENCE


class Poblacion(models.TextChoices):
    """Groups a programme is meant for (the same codes as omil.PoblacionFoco), for the public
    offer's filter."""

    DISCAPACIDAD = "discapacidad", "Personas con discapacidad"
    MUJERES = "mujeres", "Mujeres"
    CONSUMO = "consumo_drogas", "Personas en recuperación del consumo de drogas"
    JOVENES = "jovenes", "Jóvenes"
    MAYORES = "personas_mayores", "Personas mayores"
    MIGRANTES = "migrantes", "Personas migrantes"
    PUEBLOS = "pueblos_originarios", "Pueblos originarios"
    REINSERCION = "reinsercion", "Personas en reinserción social"


class Programa(Versionado):
    """A line of a service's offer (Previene, EDLI, Mujeres Jefas de Hogar, Más Capaz…)."""

    servicio = models.ForeignKey(
        ServicioPublico, on_delete=models.PROTECT, related_name="programas"
    )
    nombre = models.CharField(max_length=200)
    descripcion = models.TextField("descripción", blank=True)
    poblacion_objetivo = models.CharField("población objetivo", max_length=300, blank=True)
    activo = models.BooleanField(default=True)
    # The public offer (/oferta/): plain language for the person looking for a job.
    publico = models.BooleanField(
        "publicado en la oferta pública",
        default=False,
        help_text="Solo los programas marcados se muestran sin iniciar sesión.",
    )
    para_quien = models.TextField("¿para quién es?", blank=True)
    requisitos = models.TextField("requisitos", blank=True)
    como_postular = models.TextField("¿cómo postular?", blank=True)
    poblaciones = models.JSONField(
        "poblaciones", default=list, blank=True, help_text="Códigos de nucleo.Poblacion."
    )
    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "programa"
        verbose_name_plural = "programas"
        ordering = ["servicio__sigla", "nombre"]
        constraints = [
            models.UniqueConstraint(
                fields=["servicio", "nombre"], name="programa_unico_por_servicio"
            )
        ]

    def __str__(self) -> str:
        return f"{self.nombre} ({self.servicio.sigla})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("oferta:programa", kwargs={"pk": self.pk})

    def clean(self) -> None:
        desconocidas = set(self.poblaciones or []) - set(Poblacion.values)
        if desconocidas:
            raise ValidationError({"poblaciones": "Población desconocida."})

    @property
    def poblaciones_display(self) -> list[str]:
        return [Poblacion(p).label for p in self.poblaciones if p in Poblacion.values]


class Institucion(Versionado, models.Model):
    """A concrete office: a service's regional office (SENCE's regional directorate among them) or
    the OMIL of one comuna. Its public data (address, phone, hours, map, and a contact role the
    institution chooses to publish) is edited by its own people from «Datos públicos»
    (nucleo:institucion_edit) and shown in the public offer only when `publica` is set."""

    class Tipo(models.TextChoices):
        REGIONAL = "regional", "Oficina regional de servicio"
        OMIL = "omil", "OMIL"

    tipo = models.CharField(max_length=10, choices=Tipo.choices)
    nombre = models.CharField(max_length=200)
    servicio = models.ForeignKey(
        ServicioPublico,
        on_delete=models.PROTECT,
        related_name="instituciones",
        null=True,
        blank=True,
        help_text="Solo para oficinas regionales de servicio.",
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="instituciones")
    comuna = models.ForeignKey(
        Comuna,
        on_delete=models.PROTECT,
        related_name="instituciones",
        null=True,
        blank=True,
        help_text="Solo para OMIL.",
    )
    direccion = models.CharField("dirección", max_length=200, blank=True)
    telefono = models.CharField("teléfono", max_length=30, blank=True)
    email = models.EmailField("correo electrónico", blank=True)
    activa = models.BooleanField(default=True)
    # What the public offer (/oferta/) shows of an office: only when `publica` is set.
    publica = models.BooleanField(
        "se muestra en la oferta pública",
        default=False,
        help_text="Publica dirección, teléfono, horario y mapa; nunca datos del personal.",
    )
    horario = models.CharField("horario de atención", max_length=200, blank=True)
    mapa_url = models.URLField(
        "enlace al mapa",
        blank=True,
        help_text="Si lo dejas vacío, la oferta pública enlaza a OpenStreetMap con la dirección.",
    )
    # A contact the institution decides to publish: a role (and, only if the person agreed, a
    # name) with the role's own mailbox and phone. Shown only when `publica` and `contacto_cargo`.
    contacto_cargo = models.CharField(
        "cargo de contacto",
        max_length=120,
        blank=True,
        help_text="Un cargo, no una persona: p. ej. «Encargada de intermediación laboral». "
        "Vacío: no se publica ningún contacto.",
    )
    contacto_nombre = models.CharField(
        "nombre de quien ocupa el cargo",
        max_length=120,
        blank=True,
        help_text="Opcional. Escríbelo solo si la persona aceptó que su nombre sea público.",
    )
    contacto_email = models.EmailField(
        "correo del cargo",
        blank=True,
        help_text="Un correo institucional del cargo, no uno personal.",
    )
    contacto_telefono = models.CharField("teléfono del cargo", max_length=30, blank=True)
    # The institution's logo on the public pages: a private file served by oferta:logo only
    # while the institution is public; its size in pixels gives the <img> its aspect ratio.
    logo = models.ImageField(
        upload_to=RutaPrivada("logos"),
        blank=True,
        width_field="logo_ancho",
        height_field="logo_alto",
        help_text="PNG, JPEG o WebP de hasta 300 KB; se muestra en la oferta pública.",
    )
    logo_ancho = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_alto = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # An OMIL's setting, chosen by the comuna: its plan goes to the mayor before SENCE.
    aprobacion_comunal = models.BooleanField(
        "el plan comunal pasa por la autoridad comunal antes de ir a SENCE",
        default=False,
        help_text="Solo para OMIL.",
    )
    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "institución"
        verbose_name_plural = "instituciones"
        ordering = ["region", "tipo", "nombre"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(tipo="omil", comuna__isnull=False, servicio__isnull=True)
                    | Q(tipo="regional", comuna__isnull=True, servicio__isnull=False)
                ),
                name="institucion_tipo_coherente",
                violation_error_message=(
                    "Una OMIL tiene comuna y no servicio; una oficina regional tiene servicio y no "
                    "comuna."
                ),
            ),
            models.UniqueConstraint(
                fields=["comuna"], condition=Q(tipo="omil"), name="una_omil_por_comuna"
            ),
            models.UniqueConstraint(
                fields=["servicio", "region"],
                condition=Q(tipo="regional"),
                name="una_oficina_por_servicio_y_region",
            ),
        ]

    def __str__(self) -> str:
        return self.nombre

    def clean(self) -> None:
        if self.comuna_id and self.region_id and self.comuna.region_id != self.region_id:
            raise ValidationError({"comuna": "La comuna no pertenece a la región indicada."})
        contacto = (self.contacto_nombre, self.contacto_email, self.contacto_telefono)
        if any(contacto) and not self.contacto_cargo.strip():
            mensaje = "Indica el cargo del contacto: se publica un cargo, no una persona."
            raise ValidationError({"contacto_cargo": mensaje})

    @property
    def enlace_mapa(self) -> str:
        """`mapa_url`, or else an OpenStreetMap search of the address in its comuna (an OMIL) or
        region (a regional office); "" without an address. Reads comuna/region: select them."""
        if self.mapa_url:
            return self.mapa_url
        if not self.direccion:
            return ""
        lugar = self.comuna.nombre if self.comuna_id else self.region.nombre
        consulta = quote_plus(f"{self.direccion}, {lugar}, Chile")
        return f"https://www.openstreetmap.org/search?query={consulta}"

    @property
    def contacto_publico(self) -> bool:
        """Whether the public offer shows a contact: the office is public and names a role."""
        return self.publica and bool(self.contacto_cargo)

    @property
    def es_sence(self) -> bool:
        return self.tipo == self.Tipo.REGIONAL and self.servicio.codigo == ServicioPublico.SENCE

    @property
    def es_omil(self) -> bool:
        return self.tipo == self.Tipo.OMIL
