"""Every scoped read of the app, with the joins its pages need.

SENCE staff see every company and visit of their region; an OMIL user those of its comuna; a
service representative the visits its office is invited to, and their companies."""

from empresas.selectors.empresas import (  # noqa: F401
    comunas_editables,
    comunas_para_empresas,
    empresa_con_detalle,
    empresas_editables,
    empresas_filtradas,
    empresas_visibles,
    filtrar_por_texto,
    importaciones_propias,
)
from empresas.selectors.encuentros import (  # noqa: F401
    encuentro_con_detalle,
    encuentros_de_empresa,
    encuentros_del_calendario,
    encuentros_visibles,
    instituciones_de_region,
    participaciones_visibles,
)
from empresas.selectors.solicitudes import (  # noqa: F401
    comunas_para_solicitud,
    quienes_atienden_solicitudes,
    solicitudes_pendientes,
    solicitudes_visibles,
)
from empresas.selectors.visitas import (  # noqa: F401
    SIGLAS,
    Sugerencia,
    acuerdos_de_visitas_visibles,
    equipo_para_visita,
    historial_de_visita,
    instituciones_de_acuerdo,
    instituciones_invitables,
    invitaciones_pendientes,
    invitaciones_respondibles,
    proximas_visitas,
    representantes_de,
    servicios_sugeridos,
    visita_con_detalle,
    visitas_de_empresa,
    visitas_del_calendario,
    visitas_filtradas,
    visitas_visibles,
)
