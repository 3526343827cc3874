"""Writes of a session's minute versions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mesas import permissions
from mesas.models import (
    UN_SOLO_DOCUMENTO,
    Minuta,
    Sesion,
)
from nucleo.archivos import DOCUMENTOS, TAMANO_MAXIMO, validar_archivo
from nucleo.models import Usuario
from nucleo.servicios import exigir


@transaction.atomic
def minuta_subir(
    *, sesion: Sesion, archivo=None, texto: str = "", nota: str = "", por: Usuario | None
) -> Minuta:
    """Adds a new version of the minutes, earlier versions kept. A version is one whole document:
    an uploaded file or a written text, never both, and nothing is carried over from the
    previous version."""
    exigir(permissions.puede_gestionar_mesa(por, sesion.mesa))
    if not permissions.puede_subir_minuta(por, sesion):  # the session page's own rule
        if sesion.estado == Sesion.Estado.SUSPENDIDA:
            raise ValidationError("La sesión fue suspendida: no lleva minuta.")
        raise ValidationError("La minuta se sube después de la sesión.")
    texto = texto.strip()
    if archivo and texto:
        raise ValidationError(UN_SOLO_DOCUMENTO)
    if not archivo and not texto:
        raise ValidationError("Suba un archivo o escriba el texto de la minuta.")
    minuta = Minuta(
        sesion=sesion,
        formato=Minuta.Formato.TEXTO,
        texto=texto,
        nota=nota.strip(),
        subida_por=por,
    )
    if archivo:
        doc = validar_archivo(archivo, permitidas=DOCUMENTOS, tamano_maximo=TAMANO_MAXIMO)
        minuta.formato = Minuta.Formato(doc.extension)
        minuta.nombre_original = doc.nombre
        minuta.tamano = doc.tamano
        minuta.content_type = doc.content_type
        minuta.archivo = archivo
    ultimo = Minuta.todas.select_for_update().filter(sesion=sesion).aggregate(m=Max("numero"))
    minuta.numero = (ultimo["m"] or 0) + 1
    minuta.full_clean(exclude=["archivo"])
    minuta.save()
    return minuta


@transaction.atomic
def minuta_eliminar(*, minuta: Minuta, por: Usuario) -> Minuta:
    """Soft delete: the version disappears from the session, the reports and the reminders count,
    and stays restorable (with who and when in its history)."""
    exigir(permissions.puede_gestionar_mesa(por, minuta.sesion.mesa))
    minuta = Minuta.todas.select_for_update().get(pk=minuta.pk)
    if minuta.eliminada_at is not None:
        raise ValidationError("Esta versión de la minuta ya estaba eliminada.")
    minuta.eliminada_at = timezone.now()
    minuta.eliminada_por = por
    minuta._change_reason = "Eliminada"
    minuta.save()
    return minuta


@transaction.atomic
def minuta_restaurar(*, minuta: Minuta, por: Usuario) -> Minuta:
    exigir(permissions.puede_gestionar_mesa(por, minuta.sesion.mesa))
    minuta = Minuta.todas.select_for_update().get(pk=minuta.pk)
    if minuta.eliminada_at is None:
        raise ValidationError("Esta versión de la minuta no está eliminada.")
    minuta.eliminada_at = None
    minuta.eliminada_por = None
    minuta._change_reason = f"Restaurada por {por}"
    minuta.save()
    return minuta
