from concurrency.fields import AutoIncVersionField
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from nucleo.historial import HistorialConIP
from nucleo.run import validar_run


class Versionado(models.Model):
    """Optimistic locking (django-concurrency): every save() adds one to `version`, and a save
    whose instance carries a version that is no longer the stored one is refused (see
    nucleo.servicios) instead of silently overwriting someone else's edit. Every model with an
    edit form inherits this."""

    version = AutoIncVersionField(verbose_name="versión", help_text="")

    class Meta:
        abstract = True


class Usuario(AbstractUser):
    """A person who uses the app. What they may see comes from their memberships (Membresia)."""

    email = models.EmailField("correo electrónico", blank=True)
    telefono = models.CharField("teléfono", max_length=30, blank=True)
    # Secret of the personal iCalendar feed URL; regenerating it revokes old subscriptions.
    token_calendario = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Matches a ClaveÚnica sign-in to the account (nucleo.personas.claveunica); "12345678-5".
    run = models.CharField(
        "RUN", max_length=10, unique=True, null=True, blank=True, validators=[validar_run]
    )

    class Meta:
        verbose_name = "usuario"
        verbose_name_plural = "usuarios"
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Region(models.Model):
    codigo = models.CharField("código CUT", max_length=2, primary_key=True)
    nombre = models.CharField(max_length=80)
    nombre_corto = models.CharField("nombre corto", max_length=60)
    abreviatura = models.CharField(max_length=10)
    codigo_iso = models.CharField("código ISO 3166-2", max_length=6)

    class Meta:
        verbose_name = "región"
        verbose_name_plural = "regiones"
        ordering = ["codigo"]

    def __str__(self) -> str:
        return self.nombre


class Provincia(models.Model):
    codigo = models.CharField("código CUT", max_length=3, primary_key=True)
    nombre = models.CharField(max_length=80)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provincias")

    class Meta:
        verbose_name = "provincia"
        verbose_name_plural = "provincias"
        ordering = ["codigo"]

    def __str__(self) -> str:
        return self.nombre


class Comuna(models.Model):
    codigo = models.CharField("código CUT", max_length=5, primary_key=True)
    nombre = models.CharField(max_length=80)
    provincia = models.ForeignKey(Provincia, on_delete=models.PROTECT, related_name="comunas")
    # Denormalised from the province (fixed public data) so that scope filters need one join less.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="comunas")
    # IANA zone of the place: a session's time is the wall-clock time where it happens.
    zona_horaria = models.CharField(
        "zona horaria", max_length=40, default="America/Santiago", editable=False
    )

    class Meta:
        verbose_name = "comuna"
        verbose_name_plural = "comunas"
        ordering = ["nombre"]

    def __str__(self) -> str:
        return self.nombre

    def clean(self) -> None:
        if self.provincia_id and self.region_id and self.provincia.region_id != self.region_id:
            raise ValidationError({"region": "La región no corresponde a la provincia."})


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


class Institucion(models.Model):
    """A concrete office: a service's regional office (SENCE's regional directorate among them) or
    the OMIL of one comuna."""

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
    mapa_url = models.URLField("enlace al mapa", blank=True)
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

    @property
    def es_sence(self) -> bool:
        return self.tipo == self.Tipo.REGIONAL and self.servicio.codigo == ServicioPublico.SENCE

    @property
    def es_omil(self) -> bool:
        return self.tipo == self.Tipo.OMIL


class Rol(models.TextChoices):
    ARTICULADOR = "articulador", "Articulador/a regional"
    DIRECTOR = "director", "Director/a regional"
    EJECUTIVO = "ejecutivo", "Ejecutivo/a de empresas"
    ENCARGADO_OMIL = "encargado_omil", "Encargado/a OMIL"
    GESTOR_TERRITORIAL = "gestor_territorial", "Gestor/a territorial OMIL"
    REPRESENTANTE = "representante", "Representante de servicio"
    AUTORIDAD_COMUNAL = "autoridad_comunal", "Autoridad comunal (alcalde/sa o delegado/a)"


ROLES_SENCE = frozenset({Rol.ARTICULADOR, Rol.DIRECTOR, Rol.EJECUTIVO})
ROLES_OMIL = frozenset({Rol.ENCARGADO_OMIL, Rol.GESTOR_TERRITORIAL})


class Membresia(models.Model):
    """A user's role in one institution. The scope (region, comuna) follows from the institution."""

    usuario = models.ForeignKey(Usuario, on_delete=models.CASCADE, related_name="membresias")
    institucion = models.ForeignKey(
        Institucion, on_delete=models.PROTECT, related_name="membresias", verbose_name="institución"
    )
    rol = models.CharField(max_length=20, choices=Rol.choices)
    cargo = models.CharField(max_length=120, blank=True)
    activa = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "membresía"
        verbose_name_plural = "membresías"
        ordering = ["institucion__region", "institucion__nombre", "rol"]
        constraints = [
            models.UniqueConstraint(
                fields=["usuario", "institucion", "rol"], name="membresia_unica"
            )
        ]

    def __str__(self) -> str:
        return f"{self.usuario} — {self.get_rol_display()} en {self.institucion}"

    def clean(self) -> None:
        if not self.institucion_id or not self.rol:
            return
        institucion = self.institucion
        if self.rol in ROLES_SENCE and not institucion.es_sence:
            raise ValidationError(
                {"rol": "Este rol solo existe en una dirección regional de SENCE."}
            )
        if self.rol in ROLES_OMIL and not institucion.es_omil:
            raise ValidationError({"rol": "Este rol solo existe en una OMIL."})
        if self.rol == Rol.AUTORIDAD_COMUNAL and not institucion.es_omil:
            raise ValidationError(
                {"rol": "La autoridad comunal se registra en la OMIL de su comuna."}
            )
        if self.rol == Rol.REPRESENTANTE and (institucion.es_omil or institucion.es_sence):
            raise ValidationError(
                {"rol": "El rol de representante es para los servicios distintos de SENCE."}
            )


class LecturaRegistrada(models.Model):
    """A read of sensitive content (a minute's text or file, a signed plan): who, what, when,
    from where. Written by nucleo.historial.registrar_lectura; never edited."""

    usuario = models.ForeignKey(Usuario, on_delete=models.PROTECT, related_name="+")
    objeto_tipo = models.CharField("tipo", max_length=60)
    objeto_id = models.CharField(max_length=40)
    descripcion = models.CharField("qué se leyó", max_length=250)
    ip = models.GenericIPAddressField("dirección IP", null=True, blank=True)
    created_at = models.DateTimeField("cuándo", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "lectura registrada"
        verbose_name_plural = "lecturas registradas"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["objeto_tipo", "objeto_id"])]

    def __str__(self) -> str:
        return f"{self.usuario} leyó {self.descripcion}"


class Invitacion(models.Model):
    """An e-mailed, signed invitation to join an institution with a role. Accepting it creates
    (or completes) the person's account and their membership (nucleo.personas.services)."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        ACEPTADA = "aceptada", "Aceptada"
        REVOCADA = "revocada", "Revocada"

    email = models.EmailField("correo electrónico")
    nombre = models.CharField("nombre", max_length=150, blank=True)
    institucion = models.ForeignKey(
        Institucion,
        on_delete=models.PROTECT,
        related_name="invitaciones",
        verbose_name="institución",
    )
    rol = models.CharField(max_length=20, choices=Rol.choices)
    cargo = models.CharField(max_length=120, blank=True)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    invitada_por = models.ForeignKey(
        Usuario,
        on_delete=models.PROTECT,
        related_name="invitaciones_enviadas",
        verbose_name="invitada por",
    )
    expira_at = models.DateTimeField("vence el")
    aceptada_por = models.ForeignKey(
        Usuario,
        on_delete=models.PROTECT,
        related_name="invitaciones_aceptadas",
        null=True,
        blank=True,
        verbose_name="aceptada por",
    )
    aceptada_at = models.DateTimeField("aceptada el", null=True, blank=True)
    created_at = models.DateTimeField("creada el", auto_now_add=True)
    history = HistoricalRecords(bases=[HistorialConIP])

    class Meta:
        verbose_name = "invitación"
        verbose_name_plural = "invitaciones"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["institucion", "estado"])]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_rol_display()} en {self.institucion}"

    @property
    def vigente(self) -> bool:
        from django.utils import timezone

        return self.estado == self.Estado.PENDIENTE and self.expira_at > timezone.now()

    def clean(self) -> None:
        # The same role rules as the membership it will become.
        if self.institucion_id and self.rol:
            Membresia(institucion=self.institucion, rol=self.rol).clean()


class TareaPendiente(models.Model):
    """Transactional outbox: every e-mail and background task a change causes, written in the
    change's own transaction and handed to the broker afterwards by nucleo.bandeja (right after
    the commit and again from beat), so a broker outage delays messages but never loses them."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        ENVIADA = "enviada", "Enviada"
        FALLIDA = "fallida", "Fallida"

    tarea = models.CharField("tarea", max_length=200)
    argumentos = models.JSONField("argumentos", default=list, blank=True)
    opciones = models.JSONField("argumentos con nombre", default=dict, blank=True)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    intentos = models.PositiveIntegerField(default=0)
    ultimo_error = models.TextField("último error", blank=True)
    created_at = models.DateTimeField("registrada el", auto_now_add=True)
    disponible_at = models.DateTimeField("próximo intento", db_default=models.functions.Now())
    enviada_at = models.DateTimeField("enviada el", null=True, blank=True)

    class Meta:
        verbose_name = "tarea pendiente"
        verbose_name_plural = "tareas pendientes"
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["disponible_at"],
                condition=Q(estado="pendiente"),
                name="tarea_pendiente_por_enviar",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tarea}{tuple(self.argumentos)} — {self.get_estado_display()}"
