"""Reading a spreadsheet of companies (.xlsx or .csv) into rows with their status and errors.

The file is read by `nucleo.archivos.planillas` (encodings, visible sheet, bounds, row numbers
as the user sees them); here each of its columns is mapped to a field (suggested from the
header, fixable by the user) and each row is checked. Nothing here writes:
services.importacion_* store the upload and save the valid rows."""

from empresas.importacion.analisis import (  # noqa: F401
    analizar,
)
from empresas.importacion.campos import (  # noqa: F401
    CAMPOS,
    ENCABEZADOS_PLANTILLA,
    ETIQUETAS,
    FILAS_ANTES_DE_TITULOS,
    MAX_FILAS,
    OBLIGATORIAS,
    PERMITIDAS,
    TAMANO_MAXIMO,
    Analisis,
    Campo,
    Columna,
    Estado,
    Fila,
    Lectura,
    _clave,
    errores_de_mapeo,
    mapeo_sugerido,
    plantilla_csv,
)
from empresas.importacion.lectura import (  # noqa: F401
    leer_filas,
)
