"""Scoped reads of the omil app: plans, the regional directory and the programme catalogue."""

from omil.selectors.directorio import (  # noqa: F401
    buscar_omiles,
    buscar_profesionales,
    enlace_telefono,
    enlace_whatsapp,
    omiles_de_region,
    omiles_filtradas,
    profesionales_de_region,
    profesionales_filtrados,
    regiones_del_directorio,
)
from omil.selectors.indicadores import (  # noqa: F401
    estados_de_planes,
    lineas_atrasadas,
    lineas_atrasadas_por_comuna,
    planes_por_estado,
)
from omil.selectors.planes import (  # noqa: F401
    AvanceDelPlan,
    avance_del_plan,
    destinatarios_omil,
    destinatarios_sence,
    ids_de_lineas_atrasadas,
    lineas_visibles,
    plan_con_detalle,
    planes_eliminados_visibles,
    planes_filtrados,
    planes_para_lista,
    planes_visibles,
    programas_de_region,
    servicios_de_region,
)
from omil.selectors.programas import (  # noqa: F401
    PALABRAS_POBLACION,
    buscar_programas,
    programas_filtrados,
    programas_visibles,
)
from omil.selectors.versiones import (  # noqa: F401
    CAMPOS_COMPARADOS,
    CAMPOS_LINEA,
    CambioLinea,
    Comparacion,
    comparar_versiones,
)
