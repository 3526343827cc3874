"""Sections of the mesas: the regional mesa (sessions, attendance, minutes, agreements) and
the communal mesas by province and comuna, with the generated coverage sentence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from django.db.models import Q

from informes.figures.base import Corte, _lista
from informes.periodos import Periodo
from mesas.models import DIAS_MINUTA_A_TIEMPO, Mesa
from mesas.selectors import indicadores
from nucleo import formato
from nucleo.corte import filas_al
from nucleo.models import Comuna, Institucion, Region
from omil.models import PlanComunal
from omil.selectors import estados_de_planes, lineas_atrasadas_por_comuna


def _mesas(region: Region, tipo: str) -> dict[int, int | None]:
    """{mesa id: comuna code} of the region's mesas of `tipo`."""
    return dict(Mesa.objects.filter(region=region, tipo=tipo).values_list("pk", "comuna_id"))


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
