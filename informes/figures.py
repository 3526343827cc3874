"""The report's figures, computed from the database for one region and period — never typed in.

One function per section; each runs a fixed number of aggregate queries, whatever the amount of
data (no query per row), so the figures phase costs the same for one region or for the country.
A section returns a JSON-able dict:
{"id", "titulo", "textos": [str], "indicadores": [{"etiqueta", "valor"}],
 "tablas": [{"titulo", "columnas", "filas"}], "graficos": [{"tipo": "barras", ...}]}.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Min, Q, Sum
from django.utils import timezone

from convenios.models import Convenio, Vigencia
from convenios.selectors import anotar_vigencia
from empresas.models import (
    Empresa,
    EncuentroEmpresarial,
    InvitacionVisita,
    ParticipacionEncuentro,
    VisitaEmpresa,
)
from informes.periodos import MENSUAL, SEMESTRAL, Periodo
from mesas.models import DIAS_MINUTA_A_TIEMPO, Acuerdo, Asistencia, Mesa, Sesion, TipoSesion
from nucleo.models import Comuna, Institucion, Provincia, Region
from omil.models import PlanComunal

SANTIAGO = ZoneInfo("America/Santiago")
Seccion = Callable[[Region, Periodo, date], dict]


def _limites(periodo: Periodo) -> tuple[datetime, datetime]:
    """The period as aware datetimes in Chile's time: [first day 00:00, day after the end 00:00)."""
    return (
        datetime.combine(periodo.inicio, time.min, tzinfo=SANTIAGO),
        datetime.combine(periodo.fin, time.min, tzinfo=SANTIAGO),
    )


def _porcentaje(parte: int, total: int) -> float:
    return round(100 * parte / total, 1) if total else 0.0


def _pct(valor: float) -> str:
    """78.6 -> "78,6 %" (Chilean decimal comma)."""
    return f"{valor:g} %".replace(".", ",")


def _lista(nombres: list[str]) -> str:
    """["A"] -> "A"; ["A", "B", "C"] -> "A, B y C"."""
    nombres = list(nombres)
    if len(nombres) <= 1:
        return "".join(nombres)
    return f"{', '.join(nombres[:-1])} y {nombres[-1]}"


# --- Regional mesa --------------------------------------------------------------------------------
def indicadores_mesa_regional(region: Region, periodo: Periodo, corte: date) -> dict:
    """The regional mesa's key numbers (also used for the previous semester's comparison)."""
    desde, hasta = _limites(periodo)
    sesiones = Sesion.objects.filter(
        mesa__region=region, mesa__tipo=Mesa.Tipo.REGIONAL, inicio__gte=desde, inicio__lt=hasta
    )
    conteo = sesiones.aggregate(
        planificadas=Count("pk"),
        realizadas=Count("pk", filter=Q(estado=Sesion.Estado.REALIZADA)),
        suspendidas=Count("pk", filter=Q(estado=Sesion.Estado.SUSPENDIDA)),
    )
    # Minutes: a held session's first minute within DIAS_MINUTA_A_TIEMPO days of its end.
    minutas = (
        sesiones.filter(estado=Sesion.Estado.REALIZADA)
        .annotate(primera=Min("minutas__created_at", filter=Q(minutas__eliminada_at__isnull=True)))
        .aggregate(
            con_minuta=Count("pk", filter=Q(primera__isnull=False)),
            a_tiempo=Count(
                "pk", filter=Q(primera__lte=F("fin") + timedelta(days=DIAS_MINUTA_A_TIEMPO))
            ),
        )
    )
    asistencia = Asistencia.objects.filter(
        sesion__in=sesiones.filter(estado=Sesion.Estado.REALIZADA)
    ).aggregate(
        convocadas=Count("pk"),
        asistio=Count("pk", filter=Q(estado=Asistencia.Estado.ASISTIO)),
    )
    acuerdos = Acuerdo.objects.filter(sesion__in=sesiones).aggregate(
        tomados=Count("pk"),
        cumplidos=Count("pk", filter=Q(estado=Acuerdo.Estado.CUMPLIDO)),
        vencidos=Count(
            "pk",
            filter=Q(estado=Acuerdo.Estado.VENCIDO)
            | Q(estado=Acuerdo.Estado.PENDIENTE, fecha_limite__lt=corte),
        ),
    )
    return {
        **conteo,
        **minutas,
        "asistencia_pct": _porcentaje(asistencia["asistio"], asistencia["convocadas"]),
        **{f"acuerdos_{k}": v for k, v in acuerdos.items()},
    }


def asistencia_por_servicio(region: Region, periodo: Periodo) -> list[list]:
    """[institution, convened, attended, excused, absent, rate %] for the held regional sessions."""
    desde, hasta = _limites(periodo)
    filas = (
        Asistencia.objects.filter(
            sesion__mesa__region=region,
            sesion__mesa__tipo=Mesa.Tipo.REGIONAL,
            sesion__estado=Sesion.Estado.REALIZADA,
            sesion__inicio__gte=desde,
            sesion__inicio__lt=hasta,
        )
        .values("institucion__nombre")
        .annotate(
            convocadas=Count("sesion", distinct=True),
            asistio=Count("sesion", filter=Q(estado=Asistencia.Estado.ASISTIO), distinct=True),
            justificada=Count(
                "sesion", filter=Q(estado=Asistencia.Estado.JUSTIFICADA), distinct=True
            ),
            ausente=Count("sesion", filter=Q(estado=Asistencia.Estado.AUSENTE), distinct=True),
        )
        .order_by("institucion__nombre")
    )
    return [
        [
            f["institucion__nombre"],
            f["convocadas"],
            f["asistio"],
            f["justificada"],
            f["ausente"],
            _porcentaje(f["asistio"], f["convocadas"]),
        ]
        for f in filas
    ]


def seccion_mesa_regional(region: Region, periodo: Periodo, corte: date) -> dict:
    i = indicadores_mesa_regional(region, periodo, corte)
    desde, hasta = _limites(periodo)
    por_responsable = (
        Acuerdo.objects.filter(
            sesion__mesa__region=region,
            sesion__mesa__tipo=Mesa.Tipo.REGIONAL,
            sesion__inicio__gte=desde,
            sesion__inicio__lt=hasta,
        )
        .values("institucion_responsable__nombre")
        .annotate(
            tomados=Count("pk"),
            cumplidos=Count("pk", filter=Q(estado=Acuerdo.Estado.CUMPLIDO)),
            vencidos=Count(
                "pk",
                filter=Q(estado=Acuerdo.Estado.VENCIDO)
                | Q(estado=Acuerdo.Estado.PENDIENTE, fecha_limite__lt=corte),
            ),
        )
        .order_by("institucion_responsable__nombre")
    )
    textos = [
        f"La Mesa Intersectorial Regional realizó {i['realizadas']} de {i['planificadas']} "
        f"sesiones programadas en el periodo"
        + (f" ({i['suspendidas']} suspendidas)." if i["suspendidas"] else ".")
        + f" {i['a_tiempo']} de {i['realizadas']} minutas se subieron dentro de "
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
            {"etiqueta": "Asistencia de los servicios", "valor": _pct(i["asistencia_pct"])},
            {"etiqueta": "Minutas a tiempo", "valor": f"{i['a_tiempo']} / {i['realizadas']}"},
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
                "filas": asistencia_por_servicio(region, periodo),
            },
            {
                "titulo": "Acuerdos por institución responsable",
                "columnas": ["Institución", "Tomados", "Cumplidos", "Vencidos"],
                "filas": [
                    [
                        f["institucion_responsable__nombre"] or "Sin responsable",
                        f["tomados"],
                        f["cumplidos"],
                        f["vencidos"],
                    ]
                    for f in por_responsable
                ],
            },
        ],
    }


# --- Communal mesas -------------------------------------------------------------------------------
def actividad_comunal(region: Region, periodo: Periodo) -> list[dict]:
    """Per comuna with an OMIL: its province, held communal sessions, minutes and plan state."""
    desde, hasta = _limites(periodo)
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
    sesiones = defaultdict(lambda: {"realizadas": 0, "con_minuta": 0})
    for fila in (
        Sesion.objects.filter(
            mesa__region=region,
            mesa__tipo=Mesa.Tipo.COMUNAL,
            estado=Sesion.Estado.REALIZADA,
            inicio__gte=desde,
            inicio__lt=hasta,
        )
        .values("mesa__comuna_id")
        .annotate(
            realizadas=Count("pk", distinct=True),
            con_minuta=Count(
                "pk",
                filter=Q(minutas__isnull=False, minutas__eliminada_at__isnull=True),
                distinct=True,
            ),
        )
    ):
        sesiones[fila["mesa__comuna_id"]] = fila
    activas = set(
        Mesa.objects.filter(region=region, tipo=Mesa.Tipo.COMUNAL, activa=True).values_list(
            "comuna_id", flat=True
        )
    )
    planes = dict(
        PlanComunal.objects.filter(comuna__region=region, anio=periodo.anio).values_list(
            "comuna_id", "estado"
        )
    )
    etiquetas_plan = dict(PlanComunal.Estado.choices)
    return [
        {
            "comuna": c.nombre,
            "provincia": c.provincia.nombre,
            "provincia_codigo": c.provincia_id,
            "mesa_activa": c.codigo in activas,
            "realizadas": sesiones[c.codigo]["realizadas"],
            "con_minuta": sesiones[c.codigo]["con_minuta"],
            "plan": etiquetas_plan.get(planes.get(c.codigo), "Sin plan"),
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


def seccion_mesas_comunales(region: Region, periodo: Periodo, corte: date) -> dict:
    filas = actividad_comunal(region, periodo)
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
                    f"Plan comunal {periodo.anio}",
                ],
                "filas": [
                    [
                        f["comuna"],
                        f["provincia"],
                        "Sí" if f["mesa_activa"] else "No",
                        f["realizadas"],
                        f["con_minuta"],
                        f["plan"],
                    ]
                    for f in filas
                ],
            },
        ],
    }


def seccion_planes(region: Region, periodo: Periodo, corte: date) -> dict:
    conteo = dict(
        PlanComunal.objects.filter(comuna__region=region, anio=periodo.anio)
        .values_list("estado")
        .annotate(n=Count("pk"))
    )
    omil = Institucion.objects.filter(
        region=region, tipo=Institucion.Tipo.OMIL, activa=True
    ).count()
    filas = [[etiqueta, conteo.get(valor, 0)] for valor, etiqueta in PlanComunal.Estado.choices]
    total = sum(conteo.values())
    return {
        "id": "planes",
        "titulo": f"Planes comunales {periodo.anio}",
        "textos": [
            f"{total} de {omil} OMIL tienen plan comunal {periodo.anio}; "
            f"{conteo.get(PlanComunal.Estado.APROBADO, 0)} aprobados por SENCE."
        ],
        "indicadores": [],
        "tablas": [
            {"titulo": "Planes por estado", "columnas": ["Estado", "Planes"], "filas": filas}
        ],
    }


# --- Employers' network ---------------------------------------------------------------------------
def indicadores_empresas(region: Region, periodo: Periodo) -> dict:
    desde, hasta = _limites(periodo)
    visitas = VisitaEmpresa.objects.filter(
        empresa__comuna__region=region, inicio__gte=desde, inicio__lt=hasta
    )
    realizadas = visitas.filter(estado=VisitaEmpresa.Estado.REALIZADA)
    conteo = visitas.aggregate(
        visitas=Count("pk"),
        realizadas=Count("pk", filter=Q(estado=VisitaEmpresa.Estado.REALIZADA)),
        suspendidas=Count("pk", filter=Q(estado=VisitaEmpresa.Estado.SUSPENDIDA)),
    )
    resultados = realizadas.aggregate(
        empresas=Count("empresa", distinct=True),
        vacantes=Sum("vacantes_ofrecidas", default=0),
        derivadas=Sum("personas_derivadas", default=0),
        capacitaciones=Count("pk", filter=~Q(capacitaciones_acordadas="")),
    )
    encuentros = EncuentroEmpresarial.objects.filter(
        region=region, inicio__gte=desde, inicio__lt=hasta
    )
    enc = encuentros.aggregate(
        encuentros=Count("pk", filter=Q(estado=EncuentroEmpresarial.Estado.REALIZADO)),
        vacantes_encuentros=Sum(
            "vacantes_comprometidas",
            filter=Q(estado=EncuentroEmpresarial.Estado.REALIZADO),
            default=0,
        ),
    )
    enc["empresas_encuentros"] = (
        ParticipacionEncuentro.objects.filter(
            encuentro__in=encuentros, estado=ParticipacionEncuentro.Estado.ASISTIO
        )
        .values("empresa")
        .distinct()
        .count()
    )
    nuevas = Empresa.objects.filter(
        comuna__region=region,
        miembro_red_desde__gte=periodo.inicio,
        miembro_red_desde__lt=periodo.fin,
    ).count()
    return {**conteo, **resultados, **enc, "nuevas_red": nuevas}


def seccion_empresas(region: Region, periodo: Periodo, corte: date) -> dict:
    i = indicadores_empresas(region, periodo)
    desde, hasta = _limites(periodo)
    servicios = (
        InvitacionVisita.objects.filter(
            visita__empresa__comuna__region=region,
            visita__estado=VisitaEmpresa.Estado.REALIZADA,
            visita__inicio__gte=desde,
            visita__inicio__lt=hasta,
        )
        .values("institucion__nombre")
        .annotate(
            invitada=Count("pk"),
            confirmo=Count("pk", filter=Q(estado=InvitacionVisita.Estado.CONFIRMADA)),
        )
        .order_by("-confirmo", "institucion__nombre")
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
                "filas": [
                    [s["institucion__nombre"], s["invitada"], s["confirmo"]] for s in servicios
                ],
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
def seccion_convenios(region: Region, periodo: Periodo, corte: date) -> dict:
    convenios = list(
        anotar_vigencia(Convenio.objects.filter(oficina_sence__region=region), hoy=corte)
        .filter(vigencia_hoy=Vigencia.VIGENTE)
        .prefetch_related("instituciones")
        .order_by("fecha_termino", "nombre")
    )
    limite = corte + timedelta(days=90)
    por_vencer = [c for c in convenios if c.fecha_termino and c.fecha_termino <= limite]
    recursos = sum(c.recursos_comprometidos or 0 for c in convenios)
    return {
        "id": "convenios",
        "titulo": "Convenios",
        "textos": [
            f"{len(convenios)} convenios vigentes al {corte:%d-%m-%Y}; {len(por_vencer)} vencen en "
            f"los próximos 90 días. Recursos comprometidos por la Dirección Regional en los "
            f"convenios vigentes: {_clp(recursos)}."
        ],
        "indicadores": [
            {"etiqueta": "Convenios vigentes", "valor": len(convenios)},
            {"etiqueta": "Vencen en 90 días", "valor": len(por_vencer)},
            {"etiqueta": "Recursos comprometidos", "valor": _clp(recursos)},
        ],
        "tablas": [
            {
                "titulo": "Convenios vigentes",
                "columnas": ["Convenio", "Contrapartes", "Término", "Recursos"],
                "filas": [
                    [
                        c.nombre,
                        ", ".join(sorted(i.nombre for i in c.instituciones.all())),
                        f"{c.fecha_termino:%d-%m-%Y}" if c.fecha_termino else "Indefinido",
                        _clp(c.recursos_comprometidos or 0),
                    ]
                    for c in convenios
                ],
            },
        ],
    }


def _clp(valor: int) -> str:
    return f"${valor:,}".replace(",", ".")


# --- Semester only --------------------------------------------------------------------------------
def seccion_evaluacion(region: Region, periodo: Periodo, corte: date) -> dict:
    """Charts, comparison with the previous semester, and the evaluation session's notes."""
    anterior = periodo.anterior()
    corte_anterior = anterior.fin - timedelta(days=1)
    actual_m = indicadores_mesa_regional(region, periodo, corte)
    previo_m = indicadores_mesa_regional(region, anterior, corte_anterior)
    actual_e = indicadores_empresas(region, periodo)
    previo_e = indicadores_empresas(region, anterior)
    comunas_actual = actividad_comunal(region, periodo)
    comunas_previo = actividad_comunal(region, anterior)
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
        fila.append(f"{diferencia:+g}".replace(".", ",") if diferencia else "=")
    asistencia = {f[0]: f[5] for f in asistencia_por_servicio(region, periodo)}
    asistencia_previa = {f[0]: f[5] for f in asistencia_por_servicio(region, anterior)}
    servicios = sorted(set(asistencia) | set(asistencia_previa))
    desde, hasta = _limites(periodo)
    evaluaciones = list(
        Sesion.objects.filter(
            mesa__region=region,
            mesa__tipo=Mesa.Tipo.REGIONAL,
            tipo=TipoSesion.EVALUACION,
            inicio__gte=desde,
            inicio__lt=hasta,
        )
        .order_by("inicio")
        .values("inicio", "dificultades", "propuestas_mejora")
    )
    textos = []
    for e in evaluaciones:
        fecha = timezone.localtime(e["inicio"], SANTIAGO)
        textos.append(f"Jornada de evaluación del {fecha:%d-%m-%Y}.")
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


def seccion_red(region: Region, periodo: Periodo, corte: date) -> dict:
    """The region's network: provinces, comunas, OMIL and services with an office."""
    provincias = list(
        Provincia.objects.filter(region=region)
        .annotate(
            n_comunas=Count("comunas", distinct=True),
            n_omil=Count(
                "comunas__instituciones",
                filter=Q(comunas__instituciones__tipo=Institucion.Tipo.OMIL),
                distinct=True,
            ),
        )
        .order_by("codigo")
        .values_list("nombre", "n_comunas", "n_omil")
    )
    servicios = list(
        Institucion.objects.filter(region=region, tipo=Institucion.Tipo.REGIONAL, activa=True)
        .order_by("servicio__sigla")
        .values_list("servicio__sigla", flat=True)
    )
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


def calcular(region: Region, periodo: Periodo, *, hoy: date) -> dict:
    """All figures of the report. `corte` is the last day counted: the period's end, or today
    for a period still running."""
    corte = min(periodo.fin - timedelta(days=1), hoy)
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
        "corte": corte.isoformat(),
        "secciones": [seccion(region, periodo, corte) for seccion in SECCIONES[periodo.tipo]],
    }
