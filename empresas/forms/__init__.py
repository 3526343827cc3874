"""The forms of the company network, by entity: companies, visits, encuentros, the spreadsheet
import and the public visit requests."""

from empresas.forms.base import (  # noqa: F401
    VersionMixin,
)
from empresas.forms.empresas import (  # noqa: F401
    ContactoForm,
    ContactoFormSet,
    EmpresaForm,
    NecesidadForm,
    NecesidadFormSet,
    filas_de,
)
from empresas.forms.encuentros import (  # noqa: F401
    EncuentroForm,
    InvitarEmpresasForm,
    ParticipacionForm,
)
from empresas.forms.importacion import (  # noqa: F401
    ImportarForm,
    MapeoForm,
)
from empresas.forms.solicitudes import (  # noqa: F401
    DescartarSolicitudForm,
    SolicitudVisitaForm,
)
from empresas.forms.visitas import (  # noqa: F401
    DURACIONES,
    AcuerdoForm,
    AcuerdoFormSet,
    ResultadoForm,
    SuspenderForm,
    VisitaForm,
)
