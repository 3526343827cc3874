"""Sections of the network around the mesas: communal plans, joint company visits and
encuentros, convenios, and the semester view of the services' network."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from django.db.models import Q

from convenios.models import Convenio
from convenios.selectors import convenios_vigentes
from empresas.selectors.indicadores import (
    resultados_encuentros,
    resultados_visitas,
    servicios_en_visitas,
)
from informes.figures.base import Corte
from informes.periodos import Periodo
from nucleo import formato
from nucleo import selectors as nucleo_selectors
from nucleo.models import Institucion, Region
from omil.models import PlanComunal
from omil.selectors import planes_por_estado


def seccion_planes(region: Region, periodo: Periodo, corte: Corte) -> dict:
    conteo = planes_por_estado(
        regiones=[region.pk],
        anio=periodo.anio,
        al=corte.momento if corte.historial else None,
    )
    omil = Institucion.objects.filter(
        region=region, tipo=Institucion.Tipo.OMIL, activa=True
    ).count()
    filas = [[e.label, conteo[e.value]] for e in PlanComunal.Estado]
    total = sum(conteo.values())
    return {
        "id": "planes",
        "titulo": f"Planes comunales {periodo.anio}",
        "textos": [
            f"{total} de {omil} OMIL tienen plan comunal {periodo.anio}; "
            f"{conteo[PlanComunal.Estado.APROBADO]} aprobados por SENCE."
        ],
        "indicadores": [],
        "tablas": [
            {"titulo": "Planes por estado", "columnas": ["Estado", "Planes"], "filas": filas}
        ],
    }


def indicadores_empresas(region: Region, periodo: Periodo, corte: Corte) -> dict:
    v = corte.ventana(periodo)
    visitas = resultados_visitas(filtro=Q(empresa__comuna__region_id=region.pk), **v)
    encuentros = resultados_encuentros(regiones=[region.pk], **v)
    return {
        **asdict(visitas),
        "encuentros": encuentros.encuentros,
        "vacantes_encuentros": encuentros.vacantes,
        "empresas_encuentros": encuentros.empresas,
        "nuevas_red": encuentros.nuevas_red,
    }


def seccion_empresas(region: Region, periodo: Periodo, corte: Corte) -> dict:
    i = indicadores_empresas(region, periodo, corte)
    servicios = servicios_en_visitas(
        filtro=Q(empresa__comuna__region_id=region.pk), **corte.ventana(periodo)
    )
    return {
        "id": "empresas",
        "titulo": "Red de Empleadores: visitas conjuntas y encuentros",
        "textos": [
            f"Se realizaron {i['realizadas']} de {i['visitas']} visitas conjuntas programadas, "
            f"que llegaron a {i['empresas']} empresas; se ofrecieron {i['vacantes']} vacantes y se "
            f"derivaron {i['derivadas']} personas. Hubo {i['encuentros']} encuentros "
            f"empresariales con {i['empresas_encuentros']} empresas asistentes, y "
            f"{i['nuevas_red']} empresas se sumaron a la Red de Empleadores."
        ],
        "indicadores": [
            {
                "etiqueta": "Visitas realizadas / programadas",
                "valor": f"{i['realizadas']} / {i['visitas']}",
            },
            {"etiqueta": "Empresas visitadas", "valor": i["empresas"]},
            {"etiqueta": "Vacantes ofrecidas", "valor": i["vacantes"]},
            {"etiqueta": "Personas derivadas", "valor": i["derivadas"]},
        ],
        "tablas": [
            {
                "titulo": "Servicios en las visitas realizadas",
                "columnas": ["Institución", "Invitada", "Confirmó"],
                "filas": [list(s) for s in servicios],
            },
            {
                "titulo": "Resultados",
                "columnas": ["Resultado", "Cantidad"],
                "filas": [
                    ["Visitas con capacitación acordada (p. ej. Más Capaz)", i["capacitaciones"]],
                    ["Visitas suspendidas", i["suspendidas"]],
                    ["Encuentros empresariales realizados", i["encuentros"]],
                    ["Vacantes comprometidas en encuentros", i["vacantes_encuentros"]],
                    ["Empresas nuevas en la Red de Empleadores", i["nuevas_red"]],
                ],
            },
        ],
    }


def seccion_convenios(region: Region, periodo: Periodo, corte: Corte) -> dict:
    c = convenios_vigentes(
        regiones=[region.pk],
        hoy=corte.fecha,
        dias=90,
        al=corte.momento if corte.historial else None,
    )
    partes: dict[int, list[str]] = defaultdict(list)
    for convenio_id, nombre in (
        Convenio.instituciones.through.objects.filter(convenio_id__in=[f["id"] for f in c.vigentes])
        .order_by("institucion__nombre")
        .values_list("convenio_id", "institucion__nombre")
    ):
        partes[convenio_id].append(nombre)
    return {
        "id": "convenios",
        "titulo": "Convenios",
        "textos": [
            f"{len(c.vigentes)} convenios vigentes al {formato.fecha(corte.fecha)}; "
            f"{len(c.por_vencer)} vencen en los próximos 90 días. Recursos comprometidos por la "
            f"Dirección Regional en los convenios vigentes: {formato.clp(c.recursos)}."
        ],
        "indicadores": [
            {"etiqueta": "Convenios vigentes", "valor": len(c.vigentes)},
            {"etiqueta": "Vencen en 90 días", "valor": len(c.por_vencer)},
            {"etiqueta": "Recursos comprometidos", "valor": formato.clp(c.recursos)},
        ],
        "tablas": [
            {
                "titulo": "Convenios vigentes",
                "columnas": ["Convenio", "Contrapartes", "Término", "Recursos"],
                "filas": [
                    [
                        f["nombre"],
                        ", ".join(partes[f["id"]]),
                        formato.fecha(f["fecha_termino"]) if f["fecha_termino"] else "Indefinido",
                        formato.clp(f["recursos_comprometidos"] or 0),
                    ]
                    for f in c.vigentes
                ],
            },
        ],
    }


def seccion_red(region: Region, periodo: Periodo, corte: Corte) -> dict:
    """The region's network: provinces, comunas, active OMIL and services with an office, as the
    home panel counts them (nucleo.selectors; master data, read as it is today)."""
    provincias = [
        (p.nombre, p.n_comunas, p.n_omil)
        for p in nucleo_selectors.provincias_con_resumen(region.codigo)
    ]
    servicios = sorted({i.servicio.sigla for i in nucleo_selectors.oficinas_de_servicio(region.pk)})
    return {
        "id": "red",
        "titulo": "Red regional",
        "textos": [
            f"{region.nombre}: {len(provincias)} provincias y "
            f"{sum(p[1] for p in provincias)} comunas. Servicios con oficina regional: "
            f"{', '.join(servicios) or 'ninguno registrado'}."
        ],
        "indicadores": [
            {"etiqueta": "Provincias", "valor": len(provincias)},
            {"etiqueta": "Comunas", "valor": sum(p[1] for p in provincias)},
            {"etiqueta": "OMIL registradas", "valor": sum(p[2] for p in provincias)},
        ],
        "tablas": [
            {
                "titulo": "Comunas y OMIL por provincia",
                "columnas": ["Provincia", "Comunas", "OMIL registradas"],
                "filas": [list(p) for p in provincias],
            }
        ],
    }
