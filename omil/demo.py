"""Demo data of the omil app (DESIGN §6): communal plans of the active comunas of Marga Marga and
Valparaíso provinces (every comuna of both except Valparaíso) in varied states, Limache with a
disability focus with SENDA and SENADIS, Viña del Mar focused on women with SERNAMEG; referral
sheets of the national programmes and regional programmes of each service in Valparaíso.
--national: plans for every comuna of every region and year, with bulk inserts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from concurrency.api import concurrency_disable_increment
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from nucleo import formato
from nucleo.demo import Contexto
from nucleo.models import Comuna, Programa, ServicioPublico
from omil.models import (
    AvanceLinea,
    FichaPrograma,
    LineaAccion,
    PlanComunal,
    PoblacionFoco,
    TransicionPlan,
)

PROVINCIAS = ["051", "058"]
SIN_PLAN = "05101"  # the seed: every OMIL of both provinces "except the comuna of Valparaíso"
E = PlanComunal.Estado

# Varied states for the demo region; Limache stays observed so its OMIL can correct and resend.
ESTADOS_VALPARAISO = {
    "05802": E.OBSERVADO,  # Limache
    "05109": E.APROBADO,  # Viña del Mar
    "05801": E.APROBADO,  # Quilpué
    "05804": E.ENVIADO,  # Villa Alemana
    "05803": E.BORRADOR,  # Olmué
    "05103": E.APROBADO,  # Concón
    "05107": E.ENVIADO,  # Quintero
    "05105": E.APROBADO,  # Puchuncaví
    "05102": E.OBSERVADO,  # Casablanca
    "05104": E.BORRADOR,  # Juan Fernández
}

# (actividad, servicios, programa, meta, unidad, mes del plazo)
LINEAS_LIMACHE = [
    (
        "Mesa comunal de inclusión laboral con SENADIS y SENDA (reunión mensual)",
        ["senadis", "senda"],
        "Oficina de Discapacidad",
        10,
        "reuniones",
        12,
    ),
    (
        "Derivación de personas con discapacidad a la EDLI y a cursos Más Capaz",
        ["senadis", "sence"],
        "Estrategia de Desarrollo Local Inclusivo (EDLI)",
        40,
        "personas derivadas",
        11,
    ),
    (
        "Talleres de apresto laboral para personas en recuperación (Previene)",
        ["senda"],
        "Previene",
        6,
        "talleres",
        10,
    ),
    (
        "Visitas conjuntas a empresas para contratación inclusiva (Ley 21.015)",
        ["sence", "senadis"],
        "Bolsa Nacional de Empleo",
        12,
        "empresas visitadas",
        12,
    ),
]
LINEAS_VINA = [
    (
        "Inscripción de mujeres jefas de hogar en cursos Más Capaz",
        ["sernameg", "sence"],
        "Mujeres Jefas de Hogar",
        80,
        "mujeres inscritas",
        9,
    ),
    (
        "Feria laboral para mujeres con empresas de la Red de Empleadores",
        ["sence", "sernameg"],
        "Bolsa Nacional de Empleo",
        2,
        "ferias",
        11,
    ),
    (
        "Talleres de habilitación laboral del programa Mujeres Jefas de Hogar",
        ["sernameg"],
        "Mujeres Jefas de Hogar",
        10,
        "talleres",
        10,
    ),
    (
        "Asesoría a emprendimientos de mujeres con SEREMI de Economía",
        ["seremi-economia", "sernameg"],
        "Apoyo técnico a emprendimiento",
        25,
        "emprendedoras asesoradas",
        12,
    ),
]
LINEAS_GENERALES = [
    (
        "Difusión de la Bolsa Nacional de Empleo en juntas de vecinos",
        ["sence"],
        "Bolsa Nacional de Empleo",
        8,
        "charlas",
        6,
    ),
    (
        "Derivación de jóvenes a cursos Más Capaz",
        ["sence"],
        "Más Capaz",
        50,
        "jóvenes derivados",
        10,
    ),
    (
        "Intermediación con empresas locales para vacantes inclusivas",
        ["sence", "senadis"],
        "Oficina de Discapacidad",
        15,
        "vacantes gestionadas",
        11,
    ),
    (
        "Ruta de empleabilidad para personas en recuperación",
        ["senda"],
        "Programa de Integración Social",
        12,
        "personas acompañadas",
        12,
    ),
    (
        "Talleres de apresto para mujeres jefas de hogar",
        ["sernameg"],
        "Mujeres Jefas de Hogar",
        6,
        "talleres",
        9,
    ),
    (
        "Asesoría a emprendedores en formalización",
        ["seremi-economia"],
        "Apoyo técnico a emprendimiento",
        20,
        "emprendedores asesorados",
        11,
    ),
    (
        "Encuentro empresarial comunal con la Red de Empleadores",
        ["sence"],
        "Fortalecimiento OMIL",
        1,
        "encuentro",
        10,
    ),
    (
        "Capacitación interna del equipo OMIL en la oferta de los servicios",
        ["sence", "senda", "senadis", "sernameg"],
        "Fortalecimiento OMIL",
        2,
        "capacitaciones",
        7,
    ),
]
DIAGNOSTICOS = {
    "05802": (
        "Limache concentra una proporción alta de personas con discapacidad en edad de trabajar "
        "sin empleo formal y un número creciente de personas en tratamiento por consumo de drogas "
        "que buscan reinsertarse. La OMIL trabajará con SENADIS y SENDA Previene una ruta común de "
        "derivación, y con las empresas de la comuna la contratación inclusiva."
    ),
    "05109": (
        "Viña del Mar tiene la mayor cantidad de mujeres jefas de hogar inscritas en la OMIL de la "
        "provincia, con baja participación en cursos de capacitación. El plan articula con "
        "SERNAMEG el programa Mujeres Jefas de Hogar, los cursos Más Capaz y ferias laborales con "
        "la Red de Empleadores."
    ),
}
FOCO = {"05802": ["discapacidad", "consumo_drogas"], "05109": ["mujeres"]}
OBSERVACIONES = [
    "Falta precisar la meta de la línea de derivación y qué servicio la reporta.",
    "Revisar los plazos: varias líneas vencen en diciembre; distribúyanlas en el año.",
    "Incluir a SENDA en la línea de talleres, según lo acordado en la mesa regional.",
]

NACIONALES = {
    # programa: (requisitos, cómo derivar, contacto)
    "Más Capaz": (
        "Tener entre 18 y 64 años, estar en situación de vulnerabilidad (RSH) y no contar con "
        "educación superior completa.",
        "Inscribir a la persona en la OMIL o en sence.gob.cl durante la convocatoria; la OMIL "
        "envía la nómina a la dirección regional.",
        "Dirección regional SENCE — masCapaz@demo.gob.cl",
    ),
    "Bolsa Nacional de Empleo": (
        "Cédula de identidad vigente.",
        "Registrar a la persona en la Bolsa Nacional de Empleo desde la OMIL.",
        "bne@demo.gob.cl",
    ),
    "Previene": (
        "Personas de la comuna con consumo problemático en proceso de recuperación.",
        "Derivar con ficha de derivación firmada al equipo Previene del municipio.",
        "Equipo Previene municipal",
    ),
    "Estrategia de Desarrollo Local Inclusivo (EDLI)": (
        "Personas con discapacidad inscritas en el Registro Nacional de la Discapacidad.",
        "Coordinar con la Oficina de Discapacidad municipal; SENADIS valida la incorporación.",
        "SENADIS regional",
    ),
    "Mujeres Jefas de Hogar": (
        "Mujeres de 18 a 65 años, jefas de hogar, económicamente activas y del 60 % más "
        "vulnerable según RSH.",
        "Postular en la municipalidad durante la convocatoria anual; la OMIL puede pre-inscribir.",
        "SERNAMEG regional",
    ),
}
REGIONALES = {
    # servicio: [(nombre, descripción, población, requisitos, cómo derivar)]
    "senda": [
        (
            "Taller de apresto laboral Previene Valparaíso",
            "Ciclo de seis sesiones de apresto laboral para personas en tratamiento.",
            "Personas en rehabilitación del consumo de drogas",
            "Estar en tratamiento o haberlo terminado hace menos de un año.",
            "Enviar ficha de derivación al correo de SENDA regional con copia al equipo Previene.",
        )
    ],
    "senadis": [
        (
            "Intermediación laboral inclusiva Valparaíso",
            "Acompañamiento a personas con discapacidad y a empresas en la contratación inclusiva.",
            "Personas con discapacidad en edad de trabajar",
            "Credencial de discapacidad o inscripción en el Registro Nacional de la Discapacidad.",
            "La OMIL deriva por correo con CV y credencial; SENADIS responde en 5 días hábiles.",
        )
    ],
    "sernameg": [
        (
            "Escuela de emprendimiento para mujeres Valparaíso",
            "Formación en gestión de negocios y acceso a capital semilla.",
            "Mujeres jefas de hogar con emprendimiento",
            "Tener un emprendimiento en funcionamiento o idea de negocio.",
            "Inscribir en la convocatoria regional; la OMIL puede enviar nómina.",
        )
    ],
    "seremi-economia": [
        (
            "Mesa de formalización de emprendedores Valparaíso",
            "Asesoría para iniciar actividades, patentes y acceso a Sercotec y Corfo.",
            "Emprendedores y micro y pequeñas empresas",
            "Residir en la región.",
            "Agendar hora con la SEREMI indicando comuna y rubro.",
        )
    ],
}


def _aware(dia: date, hora: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(dia, time(hora, 0)))


def _lineas_para(ctx: Contexto, comuna_id: str) -> list[tuple]:
    if comuna_id == "05802":
        return LINEAS_LIMACHE
    if comuna_id == "05109":
        return LINEAS_VINA
    return ctx.rng.sample(LINEAS_GENERALES, ctx.rng.randint(3, 5))


def sembrar(ctx: Contexto) -> None:
    programas = {p.nombre: p for p in Programa.objects.select_related("servicio")}
    _fichas(ctx, programas)
    _planes(ctx, programas)


def _fichas(ctx: Contexto, programas: dict[str, Programa]) -> None:
    articuladora = ctx.usuarios.get("articuladora")
    FichaPrograma.objects.bulk_create(
        [
            FichaPrograma(
                programa=programas[nombre],
                requisitos=r,
                como_derivar=c,
                contacto=contacto,
                actualizado_por=articuladora,
            )
            for nombre, (r, c, contacto) in NACIONALES.items()
            if nombre in programas
        ]
    )
    servicios = {s.codigo: s for s in ServicioPublico.objects.all()}
    representantes = {
        "senda": "senda",
        "senadis": "senadis",
        "sernameg": "sernameg",
        "seremi-economia": "seremi",
    }
    for codigo, filas in REGIONALES.items():
        for nombre, descripcion, poblacion, requisitos, como in filas:
            programa = Programa.objects.create(
                servicio=servicios[codigo],
                nombre=nombre,
                descripcion=descripcion,
                poblacion_objetivo=poblacion,
            )
            FichaPrograma.objects.create(
                programa=programa,
                region_id="05",
                requisitos=requisitos,
                como_derivar=como,
                contacto=f"{representantes[codigo]}@demo.gob.cl",
                actualizado_por=ctx.usuarios.get(representantes[codigo]),
            )
            programas[nombre] = programa


def _planes(ctx: Contexto, programas: dict[str, Programa]) -> None:
    anio_actual = ctx.hoy.year
    anios = list(range(anio_actual - ctx.anios + 1, anio_actual + 1))
    if ctx.nacional:
        comunas = list(Comuna.objects.filter(region_id__in=ctx.regiones).order_by("codigo"))
    else:
        comunas = list(
            Comuna.objects.filter(provincia_id__in=PROVINCIAS)
            .exclude(codigo=SIN_PLAN)
            .order_by("codigo")
        )
    articuladoras = {}
    for region in ctx.regiones:
        articuladoras[region] = ctx.usuarios.get(f"articulador.{region}") or ctx.usuarios.get(
            "articuladora"
        )
    articuladoras["05"] = ctx.usuarios["articuladora"]

    planes: list[PlanComunal] = []
    filas_por_plan: list[list[tuple]] = []
    for anio in anios:
        for comuna in comunas:
            activo = comuna.provincia_id in PROVINCIAS and comuna.codigo != SIN_PLAN
            if ctx.nacional and not activo and ctx.rng.random() < 0.3:
                continue  # not every comuna of the country has a plan
            if anio < anio_actual:
                estado = E.APROBADO
            elif comuna.codigo in ESTADOS_VALPARAISO:
                estado = ESTADOS_VALPARAISO[comuna.codigo]
            else:
                estado = ctx.rng.choice(
                    [E.BORRADOR, E.ENVIADO, E.OBSERVADO, E.APROBADO, E.APROBADO]
                )
            focos = FOCO.get(comuna.codigo) or ctx.rng.sample(PoblacionFoco.values, 2)
            omil = ctx.instituciones.get(("omil", comuna.codigo))
            autor = ctx.usuarios.get(
                {"05802": "omil.limache", "05109": "omil.vina"}.get(comuna.codigo, "")
            ) or ctx.usuarios.get(f"omil.{comuna.codigo}")
            diagnostico = DIAGNOSTICOS.get(comuna.codigo) or (
                f"Diagnóstico {anio} de la OMIL {comuna.nombre}: desempleo sobre el promedio "
                "regional en "
                + ", ".join(dict(PoblacionFoco.choices)[f].lower() for f in focos)
                + "; se priorizan la derivación entre servicios y la intermediación con empresas."
            )
            if omil is None:
                continue
            planes.append(
                PlanComunal(
                    comuna=comuna,
                    anio=anio,
                    poblaciones_foco=focos,
                    diagnostico=diagnostico,
                    estado=estado,
                    observaciones=ctx.rng.choice(OBSERVACIONES) if estado == E.OBSERVADO else "",
                    creado_por=autor,
                    actualizado_por=autor,
                    version=1,
                )
            )
            filas_por_plan.append(_lineas_para(ctx, comuna.codigo))
    if ctx.nacional:
        bulk_create_with_history(planes, PlanComunal, batch_size=500)
    else:  # the demo region gets its versions one by one in _versiones_demo
        PlanComunal.objects.bulk_create(planes)
    pks = {
        (c, a): pk
        for c, a, pk in PlanComunal.objects.filter(anio__in=anios).values_list(
            "comuna_id", "anio", "pk"
        )
    }
    for plan in planes:
        plan.pk = pks[(plan.comuna_id, plan.anio)]

    servicios = {
        (codigo, region): inst
        for (codigo, region), inst in ctx.instituciones.items()
        if codigo != "omil"
    }
    lineas: list[LineaAccion] = []
    servicios_de_linea: list[list] = []
    for plan, filas in zip(planes, filas_por_plan, strict=True):
        for orden, (actividad, cods, programa, meta, unidad, mes) in enumerate(filas, start=1):
            avance = 0
            estado_linea = LineaAccion.Estado.PENDIENTE
            if plan.estado == E.APROBADO:
                fraccion = 1.0 if plan.anio < ctx.hoy.year else ctx.hoy.month / 12
                avance = min(meta, round(meta * fraccion * ctx.rng.uniform(0.5, 1.2)))
                estado_linea = (
                    LineaAccion.Estado.CUMPLIDA if avance >= meta else LineaAccion.Estado.EN_CURSO
                )
            lineas.append(
                LineaAccion(
                    plan=plan,
                    orden=orden,
                    actividad=actividad,
                    programa=programas.get(programa),
                    meta_numero=meta,
                    meta_unidad=unidad,
                    plazo=date(plan.anio, mes, 28 if mes == 2 else 30),
                    estado=estado_linea,
                    avance=avance,
                    avance_actualizado=(min(ctx.hoy, date(plan.anio, 12, 15)) if avance else None),
                )
            )
            servicios_de_linea.append(
                [
                    servicios[(c, plan.comuna.region_id)]
                    for c in cods
                    if (c, plan.comuna.region_id) in servicios
                ]
            )
    LineaAccion.objects.bulk_create(lineas, batch_size=2000)
    Through = LineaAccion.servicios.through
    Through.objects.bulk_create(
        [
            Through(lineaaccion_id=linea.pk, institucion_id=inst.pk)
            for linea, insts in zip(lineas, servicios_de_linea, strict=True)
            for inst in insts
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    _snapshots_y_transiciones(ctx, planes, lineas, servicios_de_linea, articuladoras)
    ctx.escribir(f"omil: {len(planes)} planes comunales, {len(lineas)} líneas de acción.")


def _snapshots_y_transiciones(ctx, planes, lineas, servicios_de_linea, articuladoras) -> None:
    from collections import defaultdict

    por_plan = defaultdict(list)
    for linea, insts in zip(lineas, servicios_de_linea, strict=True):
        por_plan[linea.plan_id].append(
            {
                "id": linea.pk,
                "actividad": linea.actividad,
                "servicios": ", ".join(sorted(i.servicio.sigla for i in insts)),
                "programa": str(linea.programa) if linea.programa else "",
                "meta": f"{linea.meta_numero} {linea.meta_unidad}",
                "plazo": formato.fecha(linea.plazo),
                "estado": linea.get_estado_display(),
            }
        )
    transiciones: list[TransicionPlan] = []
    avances: list[AvanceLinea] = []
    pasos = {
        E.BORRADOR: [],
        E.ENVIADO: [(E.BORRADOR, E.ENVIADO)],
        E.OBSERVADO: [(E.BORRADOR, E.ENVIADO), (E.ENVIADO, E.OBSERVADO)],
        E.APROBADO: [(E.BORRADOR, E.ENVIADO), (E.ENVIADO, E.APROBADO)],
    }
    for plan in planes:
        plan.lineas_snapshot = por_plan[plan.pk]
        autor = plan.creado_por
        revisor = articuladoras.get(plan.comuna.region_id)
        for numero, (desde, hacia) in enumerate(pasos[plan.estado], start=1):
            por = autor if hacia == E.ENVIADO else revisor
            transiciones.append(
                TransicionPlan(
                    plan=plan,
                    desde=desde,
                    hacia=hacia,
                    por=por,
                    comentario=plan.observaciones if hacia == E.OBSERVADO else "",
                    version=numero + 1,
                )
            )
        plan.version = 1 + len(pasos[plan.estado])
    PlanComunal.objects.bulk_update(planes, ["lineas_snapshot", "version"], batch_size=1000)
    TransicionPlan.objects.bulk_create(transiciones, batch_size=2000)
    # Realistic dates for the transitions (auto_now_add stamped them "now").
    if not ctx.nacional:
        for t in TransicionPlan.objects.select_related("plan"):
            dias = 25 if t.hacia == E.ENVIADO else 12
            fecha = ctx.hoy - timedelta(days=dias + int(t.plan.comuna_id) % 5)
            TransicionPlan.objects.filter(pk=t.pk).update(created_at=_aware(fecha))
        _versiones_demo(ctx, planes)
    for linea in lineas:
        if linea.avance and linea.plan.estado == E.APROBADO and linea.plan.anio == ctx.hoy.year:
            parcial = max(1, linea.avance // 2)
            por = linea.plan.creado_por
            avances.append(
                AvanceLinea(
                    linea=linea,
                    fecha=ctx.hoy - timedelta(days=60),
                    valor=parcial,
                    estado=LineaAccion.Estado.EN_CURSO,
                    por=por,
                )
            )
            avances.append(
                AvanceLinea(
                    linea=linea,
                    fecha=linea.avance_actualizado,
                    valor=linea.avance,
                    estado=linea.estado,
                    por=por,
                    comentario="Informado en la mesa comunal.",
                )
            )
    AvanceLinea.objects.bulk_create(avances, batch_size=5000)


def _versiones_demo(ctx: Contexto, planes: list[PlanComunal]) -> None:
    """In the demo region every transition is also a saved version, as in real use."""
    motivos = {
        E.ENVIADO: "Enviado a SENCE",
        E.OBSERVADO: "Observado por SENCE",
        E.APROBADO: "Aprobado por SENCE",
    }
    for plan in planes:
        plan.refresh_from_db()
        # The replay writes each version number as it was: no lock check, no automatic bump.
        with concurrency_disable_increment(plan):
            _reproducir_versiones(ctx, plan, motivos)


def _reproducir_versiones(ctx: Contexto, plan: PlanComunal, motivos: dict) -> None:
    pasos = list(plan.transiciones.order_by("version"))  # created_at already backdated
    estado_final = plan.estado
    observaciones = plan.observaciones
    plan.estado = E.BORRADOR
    plan.observaciones = ""
    plan.version = 1
    plan._change_reason = "Líneas de acción registradas"
    plan._history_user = plan.creado_por
    plan._history_date = _aware(ctx.hoy - timedelta(days=40), 16)
    plan.save()
    for paso in pasos:
        plan._history_date = paso.created_at
        plan.estado = paso.hacia
        plan.version = paso.version
        if paso.hacia == E.OBSERVADO:
            plan.observaciones = observaciones
        plan._change_reason = motivos[paso.hacia]
        plan._history_user = paso.por
        plan.save()
    assert plan.estado == estado_final
