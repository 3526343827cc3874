"""nucleo's models, by concern: the lock base, territory, institutions and programmes, people and
their roles, and the records the system keeps (sensitive reads, the outbox). Django finds
them through this package; every name is importable from nucleo.models."""

from nucleo.models.base import (  # noqa: F401
    Versionado,
)
from nucleo.models.instituciones import (  # noqa: F401
    Institucion,
    Poblacion,
    Programa,
    ServicioPublico,
)
from nucleo.models.personas import (  # noqa: F401
    ROLES_DATOS_PUBLICOS,
    ROLES_OMIL,
    ROLES_SENCE,
    Invitacion,
    Membresia,
    Rol,
    Usuario,
)
from nucleo.models.registros import (  # noqa: F401
    LecturaRegistrada,
    TareaPendiente,
)
from nucleo.models.territorio import (  # noqa: F401
    Comuna,
    Provincia,
    Region,
)
