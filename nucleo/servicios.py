"""What every app's services share: the permission gate, optimistic locking and the one way an
edit form's data reaches a model.

Rules every service follows (STYLE.md, issue 13):

* **Permission.** A service that a person triggers checks it with `exigir(permitido, ...)`, where
  `permitido` is the app's `permissions.py` predicate (the same one the page calls to show or hide
  the action). Refusal is `PermissionDenied` (Django answers 403) and nothing is written.
* **Who acts (`por`).** User-facing services require a user: `por=None` is refused by the
  predicates (an anonymous scope has no roles). `por=None` is accepted only by *system jobs*
  (reminders, expiries, scheduled reports, the e-mails tasks send), which take no permission
  decision because nobody asked for them, and by answers that carry their own authority
  (an invitee's signed e-mail link: `via="correo"`).
* **Locking.** Every model with an edit form inherits `nucleo.models.Versionado`, whose
  `version` is django-concurrency's `AutoIncVersionField`: each `save()` adds one and refuses,
  in the same UPDATE, to overwrite a row whose version moved since it was read. The refusal is
  `ConflictoDeEdicion` (a `ValidationError`, so forms show it) raised by `conflicto_de_edicion`,
  the library's `CONCURRENCY_CALLBACK`.
* **Saving.** Through `save()` always (never `QuerySet.update()` on an edited row), so
  django-simple-history records who and from where, and `nucleo.cache` sees the change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model

MENSAJE_CONFLICTO = (
    "Otra persona guardó cambios en este registro mientras lo editabas. Tus cambios no se "
    "guardaron: recarga la página para ver la versión actual y vuelve a aplicarlos."
)
MENSAJE_SIN_PERMISO = "No tienes permiso para hacer este cambio."

M = TypeVar("M", bound=Model)


class ConflictoDeEdicion(ValidationError):
    def __init__(self, mensaje: str = MENSAJE_CONFLICTO):
        super().__init__(mensaje, code="conflicto")


def conflicto_de_edicion(target, *args, **kwargs):
    """django-concurrency's CONCURRENCY_CALLBACK: a stale save becomes a form error."""
    raise ConflictoDeEdicion()


def exigir(permitido: bool, mensaje: str = MENSAJE_SIN_PERMISO) -> None:
    """The services' permission gate: `permitido` comes from the app's permissions.py."""
    if not permitido:
        raise PermissionDenied(mensaje)


def version_de(instancia: Model) -> int | None:
    """The instance's lock version, or None for models without one."""
    return getattr(instancia, "version", None) if hasattr(instancia, "_concurrencymeta") else None


def actualizar_modelo(
    *,
    instancia: M,
    campos: Iterable[str] | None = None,
    datos: Mapping,
    version: int | None = None,
    por=None,
    motivo: str | None = None,
    excluir: Iterable[str] = (),
    guardar_siempre: bool = False,
) -> tuple[M, bool]:
    """Applies `datos[campo]` for each of `campos` present in `datos` (every key of `datos` when
    `campos` is not given), validates and saves.

    `version` is the lock version the form was filled from: the save is refused with
    ConflictoDeEdicion if the row moved meanwhile. Whether anything changed is judged against the
    stored row (a ModelForm may already have copied its data onto the instance); with no change
    the row is not written (no history record, no version bump) unless `guardar_siempre` (a
    service that changed related rows and wants the parent's version and history to say so),
    and a stale `version` is refused even then. `por` and `motivo` go to the history record.
    Returns the instance and whether it was saved.
    """
    campos = list(datos) if campos is None else [c for c in campos if c in datos]
    for campo in campos:
        setattr(instancia, campo, datos[campo])
    cambiado = _difiere_de_lo_guardado(instancia, campos)
    if version is not None:
        if version_de(instancia) is None:
            raise TypeError(f"{type(instancia).__name__} no tiene versión (nucleo.Versionado).")
        instancia.version = version
    if not (cambiado or guardar_siempre):
        if version is not None and _version_guardada(instancia) != version:
            raise ConflictoDeEdicion()
        return instancia, False
    instancia.full_clean(exclude=list(excluir) or None)
    if por is not None:
        instancia._history_user = por
    if motivo:
        instancia._change_reason = motivo
    instancia.save()
    return instancia, True


def _difiere_de_lo_guardado(instancia: Model, campos: list[str]) -> bool:
    if instancia.pk is None or not campos:
        return instancia.pk is None
    nombres = [instancia._meta.get_field(c).attname for c in campos]
    guardada = type(instancia)._base_manager.filter(pk=instancia.pk).values(*nombres).first()
    if guardada is None:
        return True
    return any(_comparable(getattr(instancia, n)) != _comparable(guardada[n]) for n in nombres)


def _comparable(valor):
    return getattr(valor, "name", valor) if hasattr(valor, "storage") else valor


def _version_guardada(instancia: Model) -> int | None:
    return (
        type(instancia)
        ._base_manager.filter(pk=instancia.pk)
        .values_list("version", flat=True)
        .first()
    )
