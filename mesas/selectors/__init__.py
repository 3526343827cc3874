"""Every scoped read of the mesas app. Views fetch objects through these querysets so that
anything outside the user's scope answers 404."""

from mesas.selectors.acuerdos import (  # noqa: F401
    RELACIONES_ACUERDO,
    acuerdos_abiertos_previos,
    acuerdos_de_mesas,
    acuerdos_filtrados,
    acuerdos_visibles,
    historial_de_acuerdo,
)
from mesas.selectors.asistencia import (  # noqa: F401
    FilaAsistencia,
    asistencia_por_institucion,
    asistencias_para_recordar,
    asistencias_visibles,
    invitaciones_pendientes,
)
from mesas.selectors.mesas import (  # noqa: F401
    comunas_sin_mesa,
    coordinadores_de,
    instituciones_para_mesa,
    mesa_detalle,
    mesas_con_resumen,
    mesas_visibles,
)
from mesas.selectors.minutas import (  # noqa: F401
    etiqueta_de_formato,
    historial_de_minutas,
    inicial_de_minuta,
    minuta_vigente,
    minutas_eliminadas_visibles,
    minutas_visibles,
    texto_inicial_minuta,
)
from mesas.selectors.panorama import (  # noqa: F401
    FilaPanorama,
    inicio_semestre,
    panorama_regional,
    panoramas,
)
from mesas.selectors.sesiones import (  # noqa: F401
    proximas_sesiones,
    series_visibles,
    sesion_detalle,
    sesiones_sin_minuta_para_recordar,
    sesiones_visibles,
)
