"""Every write of the omil app: plans and their workflow, progress, the programme catalogue."""

from omil.services.planes import (  # noqa: F401
    MOTIVOS,
    TRANSICIONES,
    DatosLinea,
    Estado,
    linea_registrar_avance,
    plan_aprobar,
    plan_crear,
    plan_eliminar,
    plan_enviar,
    plan_guardar,
    plan_notificar_transicion,
    plan_observar,
    plan_restaurar,
    plan_subir_documento,
    plan_visar,
)
from omil.services.programas import (  # noqa: F401
    programa_crear,
    programa_editar,
)
