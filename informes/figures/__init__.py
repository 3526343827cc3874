"""The report's figures, computed from the database for one region and period — never typed in.

One function per section. No figure is defined here: each comes from the one selector that
defines it in the app owning the data (mesas.selectors.indicadores, omil.selectors,
empresas.selectors.indicadores, convenios.selectors), which the home panels and the panorama
call too. Figures are read as of the cut-off (`Corte`) from the recorded history, so a report of
a closed period does not change when the data does. Each section runs a fixed number of
queries, whatever the amount of data (no query per row).
A section returns a JSON-able dict:
{"id", "titulo", "textos": [str], "indicadores": [{"etiqueta", "valor"}],
 "tablas": [{"titulo", "columnas", "filas"}], "graficos": [{"tipo": "barras", ...}]}."""

from informes.figures.base import (  # noqa: F401
    Corte,
    Seccion,
)
from informes.figures.calculo import (  # noqa: F401
    COMUNES,
    SECCIONES,
    calcular,
)
from informes.figures.evaluacion import (  # noqa: F401
    seccion_evaluacion,
)
from informes.figures.mesas import (  # noqa: F401
    actividad_comunal,
    asistencia_por_servicio,
    frase_cobertura,
    indicadores_mesa_regional,
    seccion_mesa_regional,
    seccion_mesas_comunales,
)
from informes.figures.red import (  # noqa: F401
    indicadores_empresas,
    seccion_convenios,
    seccion_empresas,
    seccion_planes,
    seccion_red,
)
