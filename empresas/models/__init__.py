"""Red de Empleadores: companies, contacts and needs, joint visits, encuentros empresariales."""

from empresas.models.empresas import (  # noqa: F401
    Contacto,
    Empresa,
    ImportacionEmpresas,
    Necesidad,
    Rubro,
    Tamano,
    TipoNecesidad,
)
from empresas.models.encuentros import (  # noqa: F401
    EncuentroEmpresarial,
    ParticipacionEncuentro,
)
from empresas.models.visitas import (  # noqa: F401
    AcuerdoVisita,
    InvitacionVisita,
    SolicitudVisita,
    VisitaEmpresa,
)
