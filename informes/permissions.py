"""Who may open each URL of this app (see nucleo.registro). Object scope lives in selectors."""

from nucleo.models import Rol  # noqa: F401
from nucleo.registro import AUTENTICADO, FIRMADO, PUBLICO  # noqa: F401

ACCESOS: dict = {}
