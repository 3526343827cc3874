""""""

from omil.views.directorio import (  # noqa: F401
    directorio,
    profesionales,
)
from omil.views.planes import (  # noqa: F401
    linea_avance,
    plan_aprobar,
    plan_comparar,
    plan_create,
    plan_descargar,
    plan_detail,
    plan_documento,
    plan_edit,
    plan_eliminar,
    plan_enviar,
    plan_historial,
    plan_list,
    plan_observar,
    plan_restaurar,
    plan_visar,
)
from omil.views.programas import (  # noqa: F401
    programa_create,
    programa_detail,
    programa_edit,
    programa_list,
)
