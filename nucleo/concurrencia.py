"""Optimistic locking for edit forms (models that inherit nucleo.models.Versionado)."""

from django.core.exceptions import ValidationError
from django.db.models import F, Model

MENSAJE_CONFLICTO = (
    "Otra persona guardó cambios en este registro mientras lo editabas. Tus cambios no se "
    "guardaron: recarga la página para ver la versión actual y vuelve a aplicarlos."
)


class ConflictoDeEdicion(ValidationError):
    def __init__(self, mensaje: str = MENSAJE_CONFLICTO):
        super().__init__(mensaje, code="conflicto")


def guardar_con_version(instancia: Model, *, version: int, campos: list[str] | None = None) -> None:
    """Saves `instancia` only if its stored version is still `version` (the one the form showed).

    Call inside the service's transaction, after full_clean(). Raises ConflictoDeEdicion, and
    changes nothing, when someone saved in between.
    """
    modelo = type(instancia)
    nombres = campos or [
        f.attname for f in modelo._meta.concrete_fields if not f.primary_key and f.name != "version"
    ]
    valores = {nombre: getattr(instancia, nombre) for nombre in nombres}
    filas = modelo._default_manager.filter(pk=instancia.pk, version=version).update(
        **valores, version=F("version") + 1
    )
    if filas != 1:
        raise ConflictoDeEdicion()
    instancia.version = version + 1
