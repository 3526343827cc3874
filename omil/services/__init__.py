"""Every write of the omil app: plans and their workflow, progress, the programme catalogue."""

from omil.services.flujo import (  # noqa: F401
    MOTIVOS,
    TRANSICIONES,
    plan_aprobar,
    plan_enviar,
    plan_notificar_transicion,
    plan_observar,
    plan_visar,
)
from omil.services.planes import (  # noqa: F401
    DatosLinea,
    Estado,
    linea_registrar_avance,
    plan_crear,
    plan_eliminar,
    plan_guardar,
    plan_restaurar,
    plan_subir_documento,
)
from omil.services.programas import (  # noqa: F401
    programa_crear,
    programa_editar,
)
