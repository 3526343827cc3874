"""People: the user account, roles and memberships in institutions, and invitations."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from nucleo.historial import HistorialConIP
from nucleo.models.instituciones import Institucion
from nucleo.run import validar_run


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


# Who keep their own institution's public data (nucleo:institucion_edit), as the articulador(a).
ROLES_DATOS_PUBLICOS = frozenset({Rol.ENCARGADO_OMIL, Rol.REPRESENTANTE})


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
