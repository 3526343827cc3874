"""nucleo's own home page panels: the user's territory and institution."""

from nucleo import selectors
from nucleo.alcance import Alcance
from nucleo.cache import memo
from nucleo.models import Region
from nucleo.registro import Panel, registrar_panel


@registrar_panel
def panel_region(usuario, alcance: Alcance) -> list[Panel] | None:
    regiones = sorted(alcance.regiones_sence())
    if not regiones:
        return None
    contextos = memo("panel_region", tuple(regiones), construir=lambda: _regiones(regiones))
    return [
        Panel(c["region"].nombre, "nucleo/paneles/region.html", contexto=c, orden=90)
        for c in contextos
    ]


def _regiones(regiones: list[str]) -> list[dict]:
    contextos = []
    for region in Region.objects.filter(codigo__in=regiones).order_by("codigo"):
        provincias = list(selectors.provincias_con_resumen(region.codigo))
        contextos.append(
            {
                "region": region,
                "provincias": provincias,
                "n_comunas": sum(p.n_comunas for p in provincias),
                "n_omil": sum(p.n_omil for p in provincias),
                "servicios": [
                    i for i in selectors.instituciones_de_region(region.codigo) if i.servicio_id
                ],
            }
        )
    return contextos


@registrar_panel
def panel_comuna(usuario, alcance: Alcance) -> list[Panel] | None:
    comunas = alcance.comunas_omil()
    if not comunas:
        return None
    contextos = memo("panel_comuna", tuple(sorted(comunas)), construir=lambda: _comunas(comunas))
    return [
        Panel(f"Comuna de {c['comuna'].nombre}", "nucleo/paneles/comuna.html", contexto=c, orden=10)
        for c in contextos
    ]


def _comunas(comunas: set[str]) -> list[dict]:
    return [
        {
            "comuna": comuna,
            "omil": comuna.omiles[0] if comuna.omiles else None,
            "equipo": list(selectors.equipo_de([o.pk for o in comuna.omiles])),
        }
        for comuna in selectors.comunas_con_omil(comunas)
    ]


@registrar_panel
def panel_servicio(usuario, alcance: Alcance) -> list[Panel] | None:
    ids = alcance.instituciones_servicio()
    if not ids:
        return None
    instituciones = memo(
        "panel_servicio",
        tuple(sorted(ids)),
        construir=lambda: list(selectors.instituciones_con_programas(ids)),
    )
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
        for institucion in instituciones
    ]
