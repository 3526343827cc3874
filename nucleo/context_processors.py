from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from nucleo.alcance import alcance_de
from nucleo.registro import enlaces_para


def navegacion(request) -> dict:
    """The navigation links of the signed-in user's roles, and their scope for templates."""
    usuario = getattr(request, "user", None)
    if usuario is None or not usuario.is_authenticated:
        return {}
    alcance = alcance_de(usuario)
    actual = request.path
    enlaces = [
        {"etiqueta": enlace.etiqueta, "url": reverse(enlace.url_name), "mas": enlace.secundario}
        for enlace in enlaces_para(alcance)
    ]
    # The current page is the link with the longest matching prefix: /mesas/panorama/ marks
    # «Panorama regional», not «Mesas» as well.
    coinciden = [
        e["url"]
        for e in enlaces
        if actual == e["url"] or (e["url"] != "/" and actual.startswith(e["url"]))
    ]
    activo = max(coinciden, key=len, default=None)
    for enlace in enlaces:
        enlace["activo"] = enlace["url"] == activo
    # With PASSWORD_LOGIN=False (ClaveÚnica only) no page offers to change a password.
    return {
        "alcance": alcance,
        "navegacion": [e for e in enlaces if not e["mas"]],
        "navegacion_mas": [e for e in enlaces if e["mas"]],
        "con_clave": settings.PASSWORD_LOGIN,
    }


@cache
def _opciones() -> dict:
    """The project's TextChoices by name: module-level ones (`Vigencia`, `TipoSesion`) and each
    model's own (`Sesion.Estado`), found through the app registry (nucleo imports no app)."""
    opciones: dict = {}
    for config in apps.get_app_configs():
        if not Path(config.path).is_relative_to(settings.BASE_DIR) or config.models_module is None:
            continue
        for nombre, objeto in vars(config.models_module).items():
            if isinstance(objeto, type) and issubclass(objeto, models.Choices):
                opciones.setdefault(nombre, objeto)
        for modelo in config.get_models():
            propias = {
                nombre: objeto
                for nombre, objeto in vars(modelo).items()
                if isinstance(objeto, type) and issubclass(objeto, models.Choices)
            }
            if propias:
                opciones[modelo.__name__] = propias
    return opciones


def opciones(request) -> dict:
    """States and kinds compared in templates through their TextChoices, never a literal:
    `{% if sesion.estado == opciones.Sesion.Estado.SUSPENDIDA %}` (Choices are not called by
    the template engine, and a member equals its stored value)."""
    return {"opciones": _opciones()}
