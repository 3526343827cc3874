"""nucleo's own home page panels: the user's territory and institution."""

from nucleo import selectors
from nucleo.alcance import Alcance
from nucleo.registro import Panel, registrar_panel


@registrar_panel(compartido=True)
def panel_region(usuario, alcance: Alcance) -> list[Panel] | None:
    regiones = sorted(alcance.regiones_sence())
    if not regiones:
        return None
    paneles = []
    for region in selectors.regiones_visibles(alcance).filter(codigo__in=regiones):
        provincias = list(selectors.provincias_con_resumen(region.codigo))
        instituciones = selectors.oficinas_de_servicio(region.codigo)
        paneles.append(
            Panel(
                titulo=region.nombre,
                template="nucleo/paneles/region.html",
                contexto={
                    "region": region,
                    "provincias": provincias,
                    "n_comunas": sum(p.n_comunas for p in provincias),
                    "n_omil": sum(p.n_omil for p in provincias),
                    "servicios": instituciones,
                },
                orden=90,
            )
        )
    return paneles


@registrar_panel(compartido=True)
def panel_comuna(usuario, alcance: Alcance) -> list[Panel] | None:
    comunas = alcance.comunas_omil()
    if not comunas:
        return None
    return [
        Panel(
            titulo=f"Comuna de {comuna.nombre}",
            template="nucleo/paneles/comuna.html",
            contexto={
                "comuna": comuna,
                "omil": comuna.omiles[0] if comuna.omiles else None,
                "equipo": list(selectors.equipo_de([o.pk for o in comuna.omiles])),
            },
            orden=10,
        )
        for comuna in selectors.comunas_con_omil(comunas)
    ]


@registrar_panel(compartido=True)
def panel_servicio(usuario, alcance: Alcance) -> list[Panel] | None:
    ids = alcance.instituciones_servicio()
    if not ids:
        return None
    return [
        Panel(
            titulo=f"{institucion.servicio.sigla} — {institucion.region.nombre_corto}",
            template="nucleo/paneles/servicio.html",
            contexto={
                "institucion": institucion,
                "programas": list(institucion.servicio.programas.all()),
            },
            orden=10,
        )
        for institucion in selectors.instituciones_con_programas(ids)
    ]
