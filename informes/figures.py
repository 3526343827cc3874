"""The report's figures, computed from the database for one region and period — never typed in.

One function per section. No figure is defined here: each comes from the one selector that
defines it in the app owning the data (mesas.selectors.indicadores, omil.selectors,
empresas.selectors.indicadores, convenios.selectors), which the home panels and the panorama
call too. Figures are read as of the cut-off (`Corte`) from the recorded history, so a report of
a closed period does not change when the data does. Each section runs a fixed number of
queries, whatever the amount of data (no query per row).
A section returns a JSON-able dict:
{"id", "titulo", "textos": [str], "indicadores": [{"etiqueta", "valor"}],
 "tablas": [{"titulo", "columnas", "filas"}], "graficos": [{"tipo": "barras", ...}]}.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from convenios.models import Convenio
from convenios.selectors import convenios_vigentes
from empresas.selectors.indicadores import (
    resultados_encuentros,
    resultados_visitas,
    servicios_en_visitas,
)
from informes.periodos import MENSUAL, SEMESTRAL, Periodo
from mesas.models import DIAS_MINUTA_A_TIEMPO, Mesa, Sesion, TipoSesion
from mesas.selectors import indicadores
from nucleo import formato
from nucleo import selectors as nucleo_selectors
from nucleo.corte import filas_al
from nucleo.models import Comuna, Institucion, Region
from omil.models import PlanComunal
from omil.selectors import estados_de_planes, lineas_atrasadas_por_comuna, planes_por_estado

Seccion = Callable[[Region, Periodo, "Corte"], dict]


def _limites(periodo: Periodo) -> tuple[datetime, datetime]:
    """The period as aware datetimes in Chile's time: [first day 00:00, day after the end 00:00)."""
    zona = timezone.get_default_timezone()
    return (
        datetime.combine(periodo.inicio, time.min, tzinfo=zona),
        datetime.combine(periodo.fin, time.min, tzinfo=zona),
    )


def _lista(nombres: list[str]) -> str:
    """["A"] -> "A"; ["A", "B", "C"] -> "A, B y C"."""
    nombres = list(nombres)
    if len(nombres) <= 1:
        return "".join(nombres)
    return f"{', '.join(nombres[:-1])} y {nombres[-1]}"


# --- The cut-off ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Corte:
    """When the figures are read: `fecha` is the last day counted ("Datos al"); `momento` the last
    instant of that day in Chile's time, against which deadlines are measured (a deadline on
    `fecha` itself is not overdue yet); with `historial` the rows are read as recorded at
    `momento` (simple-history), so later changes leave them alone."""

    fecha: date
    momento: datetime
    historial: bool = True

    @classmethod
    def del_dia(cls, fecha: date, *, historial: bool = True) -> Corte:
        momento = datetime.combine(fecha, time.max, tzinfo=timezone.get_default_timezone())
        return cls(fecha=fecha, momento=momento, historial=historial)

    def ventana(self, periodo: Periodo) -> dict:
        desde, hasta = _limites(periodo)
        return {"desde": desde, "hasta": hasta, "ahora": self.momento, "historial": self.historial}


def _mesas(region: Region, tipo: str) -> dict[int, int | None]:
    """{mesa id: comuna code} of the region's mesas of `tipo`."""
    return dict(Mesa.objects.filter(region=region, tipo=tipo).values_list("pk", "comuna_id"))


# --- Regional mesa --------------------------------------------------------------------------------
def indicadores_mesa_regional(region: Region, periodo: Periodo, corte: Corte) -> dict:
    """The regional mesa's key numbers (also used for the previous semester's comparison)."""
    mesas = list(_mesas(region, Mesa.Tipo.REGIONAL))
    v = corte.ventana(periodo)
    sesiones = indicadores.sumar(
        indicadores.sesiones_por_mesa(mesas=mesas, **v).values(), indicadores.ConteoSesiones
    )
    minutas = indicadores.sumar(
        indicadores.minutas_a_tiempo(mesas=mesas, **v).values(), indicadores.ConteoMinutas
    )
    asistencia = indicadores.asistencia_por_institucion_en(mesas=mesas, **v)
    acuerdos = indicadores.sumar(
        indicadores.acuerdos_por(mesas=mesas, **v).values(), indicadores.ConteoAcuerdos
    )
    return {
        **asdict(sesiones),
        **asdict(minutas),
        "asistencia_pct": indicadores.porcentaje(
            sum(f.asistio for f in asistencia), sum(f.convocadas for f in asistencia)
        ),
        **{f"acuerdos_{k}": v for k, v in asdict(acuerdos).items()},
    }


def asistencia_por_servicio(region: Region, periodo: Periodo, corte: Corte) -> list[list]:
    """[institution, convened, attended, excused, absent, rate %] for the held regional sessions."""
    filas = indicadores.asistencia_por_institucion_en(
        mesas=list(_mesas(region, Mesa.Tipo.REGIONAL)), **corte.ventana(periodo)
    )
    return [
        [f.nombre, f.convocadas, f.asistio, f.justificada, f.ausente, f.porcentaje] for f in filas
    ]


def seccion_mesa_regional(region: Region, periodo: Periodo, corte: Corte) -> dict:
    i = indicadores_mesa_regional(region, periodo, corte)
    por_responsable = indicadores.acuerdos_por(
        mesas=list(_mesas(region, Mesa.Tipo.REGIONAL)),
        clave="institucion_responsable_id",
        **corte.ventana(periodo),
    )
    nombres = dict(
        Institucion.objects.filter(pk__in=list(por_responsable)).values_list("pk", "nombre")
    )
    responsables = sorted(
        ((nombres.get(pk) or "Sin responsable", c) for pk, c in por_responsable.items()),
        key=lambda par: par[0],
    )
    textos = [
        f"La Mesa Intersectorial Regional realizó {i['realizadas']} de {i['planificadas']} "
        f"sesiones programadas en el periodo"
        + (f" ({i['suspendidas']} suspendidas)." if i["suspendidas"] else ".")
        + f" {i['a_tiempo']} de {i['esperadas']} minutas esperadas se subieron dentro de "
        f"{DIAS_MINUTA_A_TIEMPO} días después de la sesión."
    ]
    if not i["planificadas"]:
        textos = ["La Mesa Intersectorial Regional no tuvo sesiones programadas en el periodo."]
    return {
        "id": "mesa-regional",
        "titulo": "Mesa Intersectorial Regional",
        "textos": textos,
        "indicadores": [
            {
                "etiqueta": "Sesiones realizadas / programadas",
                "valor": f"{i['realizadas']} / {i['planificadas']}",
            },
            {
                "etiqueta": "Asistencia de los servicios",
                "valor": formato.porcentaje(i["asistencia_pct"]),
            },
            {"etiqueta": "Minutas a tiempo", "valor": f"{i['a_tiempo']} / {i['esperadas']}"},
            {
                "etiqueta": "Acuerdos tomados / cumplidos / vencidos",
                "valor": f"{i['acuerdos_tomados']} / {i['acuerdos_cumplidos']} / "
                f"{i['acuerdos_vencidos']}",
            },
        ],
        "tablas": [
            {
                "titulo": "Asistencia por servicio (sesiones realizadas)",
                "columnas": [
                    "Institución",
                    "Convocada",
                    "Asistió",
                    "Justificó",
                    "Ausente",
                    "Asistencia %",
                ],
                "filas": asistencia_por_servicio(region, periodo, corte),
            },
            {
                "titulo": "Acuerdos por institución responsable",
                "columnas": ["Institución", "Tomados", "Cumplidos", "Vencidos"],
                "filas": [
                    [nombre, c.tomados, c.cumplidos, c.vencidos] for nombre, c in responsables
                ],
            },
        ],
    }


# --- Communal mesas -------------------------------------------------------------------------------
def actividad_comunal(region: Region, periodo: Periodo, corte: Corte) -> list[dict]:
    """Per comuna with an OMIL: its province, held communal sessions, minutes (uploaded, on time,
    expected), plan state and overdue lines of action."""
    comunas = list(
        Comuna.objects.filter(
            region=region,
            instituciones__tipo=Institucion.Tipo.OMIL,
            instituciones__activa=True,
        )
        .select_related("provincia")
        .order_by("provincia__codigo", "nombre")
        .distinct()
    )
    mesas = _mesas(region, Mesa.Tipo.COMUNAL)
    v = corte.ventana(periodo)
    sesiones = indicadores.sesiones_por_mesa(mesas=list(mesas), **v)
    minutas = indicadores.minutas_a_tiempo(mesas=list(mesas), **v)
    por_comuna: dict[str, dict] = defaultdict(
        lambda: {"s": indicadores.ConteoSesiones(), "m": indicadores.ConteoMinutas()}
    )
    for mesa, comuna in mesas.items():
        c = por_comuna[comuna]
        c["s"] = indicadores.sumar([c["s"], sesiones[mesa]], indicadores.ConteoSesiones)
        c["m"] = indicadores.sumar([c["m"], minutas[mesa]], indicadores.ConteoMinutas)
    al = corte.momento if corte.historial else None
    activas = {
        f["comuna_id"]
        for f in filas_al(
            Mesa,
            al,
            filtro=Q(region_id=region.pk, tipo=Mesa.Tipo.COMUNAL, activa=True),
            campos=["comuna_id"],
        )
    }
    planes = estados_de_planes(regiones=[region.pk], anio=periodo.anio, al=al)
    atrasadas = lineas_atrasadas_por_comuna(
        regiones=[region.pk], anio=periodo.anio, al=al, hoy=corte.fecha
    )
    etiquetas_plan = dict(PlanComunal.Estado.choices)
    return [
        {
            "comuna": c.nombre,
            "provincia": c.provincia.nombre,
            "provincia_codigo": c.provincia_id,
            "mesa_activa": c.codigo in activas,
            "realizadas": por_comuna[c.codigo]["s"].realizadas,
            "con_minuta": por_comuna[c.codigo]["m"].con_minuta,
            "minutas_a_tiempo": por_comuna[c.codigo]["m"].a_tiempo,
            "minutas_esperadas": por_comuna[c.codigo]["m"].esperadas,
            "plan": etiquetas_plan.get(planes.get(c.codigo), "Sin plan"),
            "lineas_atrasadas": atrasadas.get(c.codigo, 0),
        }
        for c in comunas
    ]


def frase_cobertura(filas: list[dict]) -> str:
    """The seed's coverage line, generated: which OMILs held one or more sessions, by province."""
    provincias: dict[str, dict] = {}
    for f in filas:
        p = provincias.setdefault(f["provincia"], {"con": [], "sin": []})
        p["con" if f["realizadas"] else "sin"].append(f["comuna"])
    if not any(p["con"] for p in provincias.values()):
        return "Ninguna OMIL de la región realizó sesiones de su mesa comunal en el periodo."
    completas = [n for n, p in provincias.items() if p["con"] and not p["sin"]]
    # Nearly complete: more comunas held sessions than not; name the exceptions.
    casi = {
        n: p["sin"] for n, p in provincias.items() if p["sin"] and len(p["con"]) > len(p["sin"])
    }
    parciales = {
        n: p["con"] for n, p in provincias.items() if p["con"] and len(p["con"]) <= len(p["sin"])
    }
    frases = []
    grupo = completas + list(casi)
    if grupo:
        nombres = _lista(grupo)
        sujeto = (
            f"Todas las OMIL de la provincia de {nombres}"
            if len(grupo) == 1
            else f"Todas las OMIL de las provincias de {nombres}"
        )
        excepciones = [c for n in grupo for c in casi.get(n, [])]
        if excepciones:
            comunas = "la comuna de" if len(excepciones) == 1 else "las comunas de"
            sujeto += f", salvo {comunas} {_lista(excepciones)},"
        frases.append(f"{sujeto} realizaron una o más sesiones.")
    for provincia, comunas in parciales.items():
        verbo = "realizó" if len(comunas) == 1 else "realizaron"
        frases.append(f"En la provincia de {provincia}, solo {_lista(comunas)} {verbo} sesiones.")
    return " ".join(frases)


def seccion_mesas_comunales(region: Region, periodo: Periodo, corte: Corte) -> dict:
    filas = actividad_comunal(region, periodo, corte)
    con_sesiones = sum(1 for f in filas if f["realizadas"])
    por_provincia: dict[str, list[int]] = {}
    for f in filas:
        p = por_provincia.setdefault(f["provincia"], [0, 0, 0, 0])
        p[0] += 1
        p[1] += f["mesa_activa"]
        p[2] += bool(f["realizadas"])
        p[3] += f["realizadas"]
    return {
        "id": "mesas-comunales",
        "titulo": "Mesas comunales",
        "textos": [frase_cobertura(filas)],
        "indicadores": [
            {
                "etiqueta": "OMIL con sesiones en el periodo",
                "valor": f"{con_sesiones} / {len(filas)}",
            },
            {
                "etiqueta": "Sesiones comunales realizadas",
                "valor": sum(f["realizadas"] for f in filas),
            },
            {"etiqueta": "Minutas subidas", "valor": sum(f["con_minuta"] for f in filas)},
            {
                "etiqueta": "Líneas de acción atrasadas",
                "valor": sum(f["lineas_atrasadas"] for f in filas),
            },
        ],
        "tablas": [
            {
                "titulo": "Por provincia",
                "columnas": [
                    "Provincia",
                    "OMIL",
                    "Mesas activas",
                    "OMIL con sesiones",
                    "Sesiones realizadas",
                ],
                "filas": [[n, *v] for n, v in por_provincia.items()],
            },
            {
                "titulo": "Por comuna",
                "columnas": [
                    "Comuna",
                    "Provincia",
                    "Mesa activa",
                    "Sesiones realizadas",
                    "Con minuta",
                    "Minutas a tiempo",
                    f"Plan comunal {periodo.anio}",
                    "Líneas atrasadas",
                ],
                "filas": [
                    [
                        f["comuna"],
                        f["provincia"],
                        "Sí" if f["mesa_activa"] else "No",
                        f["realizadas"],
                        f["con_minuta"],
                        f"{f['minutas_a_tiempo']} de {f['minutas_esperadas']}"
                        if f["minutas_esperadas"]
                        else "—",
                        f["plan"],
                        f["lineas_atrasadas"],
                    ]
                    for f in filas
                ],
            },
        ],
    }


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


# --- Employers' network ---------------------------------------------------------------------------
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


# --- Convenios ------------------------------------------------------------------------------------
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


# --- Semester only --------------------------------------------------------------------------------
def seccion_evaluacion(region: Region, periodo: Periodo, corte: Corte) -> dict:
    """Charts, comparison with the previous semester, and the evaluation session's notes."""
    anterior = periodo.anterior()
    # The previous semester as its own report reads it: as of its end.
    corte_anterior = Corte.del_dia(anterior.fin - timedelta(days=1), historial=corte.historial)
    actual_m = indicadores_mesa_regional(region, periodo, corte)
    previo_m = indicadores_mesa_regional(region, anterior, corte_anterior)
    actual_e = indicadores_empresas(region, periodo, corte)
    previo_e = indicadores_empresas(region, anterior, corte_anterior)
    comunas_actual = actividad_comunal(region, periodo, corte)
    comunas_previo = actividad_comunal(region, anterior, corte_anterior)
    filas = [
        ["Sesiones regionales realizadas", previo_m["realizadas"], actual_m["realizadas"]],
        ["Asistencia de los servicios (%)", previo_m["asistencia_pct"], actual_m["asistencia_pct"]],
        ["Minutas a tiempo", previo_m["a_tiempo"], actual_m["a_tiempo"]],
        ["Acuerdos tomados", previo_m["acuerdos_tomados"], actual_m["acuerdos_tomados"]],
        ["Acuerdos cumplidos", previo_m["acuerdos_cumplidos"], actual_m["acuerdos_cumplidos"]],
        [
            "OMIL con sesiones",
            sum(1 for f in comunas_previo if f["realizadas"]),
            sum(1 for f in comunas_actual if f["realizadas"]),
        ],
        ["Visitas conjuntas realizadas", previo_e["realizadas"], actual_e["realizadas"]],
        ["Empresas visitadas", previo_e["empresas"], actual_e["empresas"]],
        ["Vacantes ofrecidas", previo_e["vacantes"], actual_e["vacantes"]],
        ["Personas derivadas", previo_e["derivadas"], actual_e["derivadas"]],
    ]
    for fila in filas:
        diferencia = round(fila[2] - fila[1], 1)
        signo = "+" if diferencia > 0 else ""
        fila.append(f"{signo}{formato.numero(diferencia)}" if diferencia else "=")
    asistencia = {f[0]: f[5] for f in asistencia_por_servicio(region, periodo, corte)}
    asistencia_previa = {
        f[0]: f[5] for f in asistencia_por_servicio(region, anterior, corte_anterior)
    }
    servicios = sorted(set(asistencia) | set(asistencia_previa))
    desde, hasta = _limites(periodo)
    evaluaciones = sorted(
        filas_al(
            Sesion,
            corte.momento if corte.historial else None,
            filtro=Q(
                mesa_id__in=list(_mesas(region, Mesa.Tipo.REGIONAL)),
                tipo=TipoSesion.EVALUACION,
                inicio__gte=desde,
                inicio__lt=hasta,
            ),
            campos=["inicio", "dificultades", "propuestas_mejora"],
        ),
        key=lambda e: e["inicio"],
    )
    textos = []
    for e in evaluaciones:
        textos.append(f"Jornada de evaluación del {formato.fecha(e['inicio'])}.")
        textos.append(f"Dificultades: {e['dificultades'] or 'no se registraron.'}")
        textos.append(f"Propuestas de mejora: {e['propuestas_mejora'] or 'no se registraron.'}")
    if not evaluaciones:
        textos.append(
            "No se registró una jornada de evaluación semestral de la mesa regional en el periodo."
        )
    graficos = []
    if servicios:
        graficos.append(
            {
                "tipo": "barras",
                "titulo": "Asistencia por servicio a la mesa regional (%)",
                "categorias": servicios,
                "series": [
                    {
                        "nombre": anterior.nombre.capitalize(),
                        "valores": [asistencia_previa.get(s, 0) for s in servicios],
                    },
                    {
                        "nombre": periodo.nombre.capitalize(),
                        "valores": [asistencia.get(s, 0) for s in servicios],
                    },
                ],
                "unidad": "%",
            }
        )
    graficos.append(
        {
            "tipo": "barras",
            "titulo": "Actividad del semestre frente al anterior",
            "categorias": ["Sesiones regionales", "OMIL con sesiones", "Visitas realizadas"],
            "series": [
                {
                    "nombre": anterior.nombre.capitalize(),
                    "valores": [filas[0][1], filas[5][1], filas[6][1]],
                },
                {
                    "nombre": periodo.nombre.capitalize(),
                    "valores": [filas[0][2], filas[5][2], filas[6][2]],
                },
            ],
        }
    )
    return {
        "id": "evaluacion",
        "titulo": "Evaluación semestral",
        "textos": textos,
        "indicadores": [],
        "graficos": graficos,
        "tablas": [
            {
                "titulo": f"Comparación con el {anterior.nombre}",
                "columnas": ["Indicador", anterior.codigo, periodo.codigo, "Diferencia"],
                "filas": filas,
            }
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


COMUNES: list[Seccion] = [
    seccion_mesa_regional,
    seccion_mesas_comunales,
    seccion_planes,
    seccion_empresas,
    seccion_convenios,
]
SECCIONES: dict[str, list[Seccion]] = {
    MENSUAL: COMUNES,
    SEMESTRAL: [*COMUNES, seccion_evaluacion, seccion_red],
}


def calcular(region: Region, periodo: Periodo, *, hoy: date, historial: bool = True) -> dict:
    """All figures of the report, a snapshot: the cut-off is the period's last day, or `hoy` for
    a period still running, and with `historial` every figure is read from the records as they
    were at the end of that day, so regenerating a closed period gives the same figures."""
    corte = Corte.del_dia(min(periodo.fin - timedelta(days=1), hoy), historial=historial)
    tipo = "Informe mensual" if periodo.tipo == MENSUAL else "Evaluación semestral"
    return {
        "titulo": f"{tipo} de las Mesas Intersectoriales",
        "region": {"codigo": region.codigo, "nombre": region.nombre},
        "periodo": {
            "tipo": periodo.tipo,
            "codigo": periodo.codigo,
            "nombre": periodo.nombre,
            "inicio": periodo.inicio.isoformat(),
            "fin": (periodo.fin - timedelta(days=1)).isoformat(),
        },
        "corte": corte.fecha.isoformat(),
        "secciones": [seccion(region, periodo, corte) for seccion in SECCIONES[periodo.tipo]],
    }
