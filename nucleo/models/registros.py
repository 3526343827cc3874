"""What the system records by itself: reads of sensitive content and the outbox."""

from django.db import models
from django.db.models import Q

from nucleo.models.personas import Usuario


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
    # The request that caused it (X-Request-ID): sent in the task's headers even when beat
    # dispatches the row later, so the worker's log lines carry the request's id.
    request_id = models.CharField("id de la petición", max_length=64, blank=True, default="")

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
