"""Demo data of the Red de Empleadores: companies with valid RUTs, a year of joint visits with
confirmations and outcomes, and two encuentros empresariales (national mode: every region, bulk)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from empresas import rut as rut_chileno
from empresas.models import (
    AcuerdoVisita,
    Contacto,
    Empresa,
    EncuentroEmpresarial,
    InvitacionVisita,
    Necesidad,
    ParticipacionEncuentro,
    Rubro,
    Tamano,
    TipoNecesidad,
    VisitaEmpresa,
)
from empresas.selectors import servicios_sugeridos
from nucleo import calendario
from nucleo.demo import APELLIDOS, NOMBRES, VALPARAISO, Contexto
from nucleo.models import Comuna

# How companies spread over Valparaíso's comunas (the rest get a few each).
PESO_COMUNA = {
    "05101": 40,  # Valparaíso
    "05109": 45,  # Viña del Mar
    "05801": 22,  # Quilpué
    "05804": 16,  # Villa Alemana
    "05802": 28,  # Limache
    "05501": 16,  # Quillota
    "05601": 14,  # San Antonio
    "05301": 12,  # Los Andes
    "05701": 12,  # San Felipe
    "05103": 9,  # Concón
}

NOMBRES_POR_RUBRO = {
    Rubro.AGRICOLA: ["Agrícola {lugar}", "Frutícola {lugar}", "Viña {apellido}", "Paltas {lugar}"],
    Rubro.PESCA: ["Pesquera {lugar}", "Caleta {lugar} Productos del Mar"],
    Rubro.MINERIA: ["Minera {lugar}", "Servicios Mineros {apellido}"],
    Rubro.INDUSTRIA: ["Metalúrgica {apellido}", "Maestranza {lugar}", "Plásticos {lugar}"],
    Rubro.ALIMENTOS: ["Panificadora {apellido}", "Conservas {lugar}", "Lácteos {lugar}"],
    Rubro.ENERGIA: ["Energía Solar {lugar}", "Sanitaria {lugar}"],
    Rubro.CONSTRUCCION: ["Constructora {apellido}", "Inmobiliaria {lugar}", "Obras {apellido}"],
    Rubro.COMERCIO: [
        "Comercial {apellido} Hermanos",
        "Supermercado {lugar}",
        "Ferretería {apellido}",
    ],
    Rubro.TRANSPORTE: ["Transportes {apellido}", "Logística {lugar}", "Buses {lugar}"],
    Rubro.PORTUARIO: ["Agencia Marítima {apellido}", "Servicios Portuarios {lugar}"],
    Rubro.TURISMO: ["Hotel {lugar}", "Restaurante {lugar}", "Turismo {apellido}"],
    Rubro.TECNOLOGIA: ["Soluciones Digitales {lugar}", "Informática {apellido}"],
    Rubro.FINANZAS: ["Cooperativa de Ahorro {lugar}", "Corredora {apellido}"],
    Rubro.SERVICIOS: ["Servicios de Aseo {apellido}", "Seguridad {lugar}", "Casino {lugar}"],
    Rubro.EDUCACION: ["Colegio {lugar}", "Centro de Formación {apellido}"],
    Rubro.SALUD: ["Clínica {lugar}", "Centro Médico {apellido}", "Residencia {lugar}"],
}
PESO_RUBRO = {
    Rubro.COMERCIO: 18,
    Rubro.SERVICIOS: 12,
    Rubro.TURISMO: 11,
    Rubro.CONSTRUCCION: 9,
    Rubro.AGRICOLA: 9,
    Rubro.TRANSPORTE: 8,
    Rubro.ALIMENTOS: 7,
    Rubro.INDUSTRIA: 6,
    Rubro.SALUD: 5,
    Rubro.PORTUARIO: 4,
    Rubro.EDUCACION: 3,
    Rubro.TECNOLOGIA: 3,
    Rubro.PESCA: 2,
    Rubro.ENERGIA: 1,
    Rubro.FINANZAS: 1,
    Rubro.MINERIA: 1,
}
LUGARES = [
    "Aconcagua",
    "del Pacífico",
    "La Campana",
    "Costa Central",
    "Bahía",
    "El Olivar",
    "Los Peumos",
    "Valle Central",
    "Las Palmas",
    "Cerro Alegre",
    "Recreo",
    "Miramar",
    "Los Aromos",
    "El Belloto",
    "Marga Marga",
    "Cordillera",
]
SUFIJOS = ["SpA", "Ltda.", "S.A.", "SpA", "Ltda.", "EIRL"]
OCUPACIONES = {
    Rubro.COMERCIO: ["Vendedor/a", "Cajero/a", "Reponedor/a", "Bodeguero/a"],
    Rubro.SERVICIOS: ["Auxiliar de aseo", "Guardia de seguridad", "Manipulador/a de alimentos"],
    Rubro.TURISMO: ["Garzón/a", "Ayudante de cocina", "Recepcionista", "Mucama"],
    Rubro.CONSTRUCCION: ["Maestro/a de obra", "Jornal", "Soldador/a", "Electricista"],
    Rubro.AGRICOLA: ["Temporero/a", "Tractorista", "Encargado/a de packing"],
    Rubro.TRANSPORTE: ["Conductor/a clase A2", "Operador/a de grúa horquilla", "Peoneta"],
    Rubro.PORTUARIO: ["Operador/a de grúa horquilla", "Portalonero/a", "Administrativo/a"],
}
OCUPACIONES_GENERALES = ["Operario/a de producción", "Administrativo/a", "Auxiliar de bodega"]
CURSOS = ["atención de clientes", "bodegaje", "gastronomía", "soldadura", "grúa horquilla"]
CARGOS = ["Jefa de Recursos Humanos", "Gerente general", "Encargado de personas", "Administradora"]
PESO_NECESIDAD = {
    TipoNecesidad.VACANTES: 10,
    TipoNecesidad.CAPACITACION: 5,
    TipoNecesidad.DISCAPACIDAD: 4,
    TipoNecesidad.MUJERES: 4,
    TipoNecesidad.SEGUNDAS_OPORTUNIDADES: 2,
    TipoNecesidad.JOVENES: 2,
    TipoNecesidad.APOYO_TECNICO: 2,
}
OBJETIVOS = {
    TipoNecesidad.VACANTES: "levantar el perfil de las vacantes y acordar derivaciones de la OMIL",
    TipoNecesidad.CAPACITACION: "identificar brechas de capacitación y ofrecer cursos Más Capaz",
    TipoNecesidad.DISCAPACIDAD: "apoyar la contratación inclusiva (Ley 21.015) con SENADIS",
    TipoNecesidad.MUJERES: "presentar a mujeres jefas de hogar del programa de SERNAMEG",
    TipoNecesidad.SEGUNDAS_OPORTUNIDADES: "abrir puestos de segunda oportunidad con SENDA",
    TipoNecesidad.JOVENES: "ofrecer práctica y primer empleo para jóvenes",
    TipoNecesidad.APOYO_TECNICO: "vincular a la empresa con apoyo técnico de SEREMI de Economía",
}
ACUERDOS = {
    "omil": "Enviar terna de postulantes desde la bolsa de empleo de la OMIL",
    "sence": "Coordinar curso Más Capaz con la empresa como práctica laboral",
    "senadis": "Asesorar a la empresa en ajustes razonables del puesto de trabajo",
    "sernameg": "Derivar participantes del programa Mujeres Jefas de Hogar",
    "senda": "Acompañar la inserción de personas del Programa de Integración Social",
    "seremi-economia": "Presentar instrumentos de fomento productivo a la empresa",
}


def _elegir_ponderado(rng, pesos: dict):
    return rng.choices(list(pesos), weights=list(pesos.values()))[0]


def _rut(rng, usados: set[str]) -> str:
    while True:
        numero = rng.choice([76, 77, 78, 96]) * 1_000_000 + rng.randint(0, 999_999)
        rut = f"{numero}-{rut_chileno.digito_verificador(numero)}"
        if rut not in usados:
            usados.add(rut)
            return rut


def _hora(rng, dia: date) -> datetime:
    return timezone.make_aware(datetime.combine(dia, time(rng.choice([9, 10, 11, 12, 15, 16]))))


def _dia_habil(dia: date, region: str | None = None) -> date:
    """The day itself or the next business day (no weekends, no national or regional holiday)."""
    while not calendario.es_habil(dia, region):
        dia += timedelta(days=1)
    return dia


def _clave_nombre(nombre: str) -> str:
    """What two company names share when they are near-duplicates: no accents, case, spaces or
    punctuation."""
    sin_tildes = unicodedata.normalize("NFKD", nombre).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", sin_tildes.lower())


def _empresas(ctx: Contexto, comunas: list[Comuna], cantidades: dict[str, int], usados) -> list:
    rng = ctx.rng
    empresas, necesidades, contactos = [], [], []
    nombres_usados = ctx.__dict__.setdefault("_nombres_empresa", set())
    for comuna in comunas:
        for _ in range(cantidades.get(comuna.codigo, 0)):
            rubro = _elegir_ponderado(rng, PESO_RUBRO)
            # No two companies whose names differ only by legal suffix, accents or case.
            for intento in range(50):
                nombre = rng.choice(NOMBRES_POR_RUBRO[rubro]).format(
                    lugar=rng.choice([*LUGARES, comuna.nombre, comuna.nombre]),
                    apellido=rng.choice(APELLIDOS),
                )
                if intento >= 10:
                    nombre = f"{nombre} {comuna.nombre}" if intento < 20 else f"{nombre} {intento}"
                if _clave_nombre(nombre) not in nombres_usados:
                    break
            nombres_usados.add(_clave_nombre(nombre))
            empresa = Empresa(
                rut=_rut(rng, usados),
                razon_social=f"{nombre} {rng.choice(SUFIJOS)}",
                nombre_fantasia=nombre if rng.random() < 0.5 else "",
                rubro=rubro,
                tamano=rng.choices(list(Tamano.values), weights=[30, 40, 20, 10])[0],
                comuna=comuna,
                direccion=f"{rng.choice(['Av.', 'Calle', 'Pasaje'])} {rng.choice(APELLIDOS)} "
                f"{rng.randint(10, 3500)}",
                telefono=f"+56 32 2{rng.randint(100000, 999999)}",
                email=f"contacto{len(empresas) + 1}@empresa-demo.cl",
                miembro_red_desde=(
                    date(rng.randint(2017, ctx.hoy.year - 1), rng.randint(1, 12), 1)
                    if rng.random() < 0.55
                    else None
                ),
            )
            empresas.append(empresa)
            tipos = set()
            for _ in range(rng.choice([1, 1, 2, 2, 3])):
                tipos.add(_elegir_ponderado(rng, PESO_NECESIDAD))
            empresa._tipos = sorted(tipos)
            for tipo in empresa._tipos:
                ocupacion, cantidad = "", None
                if tipo == TipoNecesidad.VACANTES:
                    ocupacion = rng.choice(OCUPACIONES.get(rubro, OCUPACIONES_GENERALES))
                    cantidad = rng.choice([1, 2, 3, 5, 8, 12])
                necesidades.append(
                    Necesidad(empresa=empresa, tipo=tipo, ocupacion=ocupacion, cantidad=cantidad)
                )
            for _ in range(rng.choice([1, 1, 2])):
                nombre_c, apellido = rng.choice(NOMBRES), rng.choice(APELLIDOS)
                contactos.append(
                    Contacto(
                        empresa=empresa,
                        nombre=f"{nombre_c} {apellido}",
                        cargo=rng.choice(CARGOS),
                        telefono=f"+56 9 {rng.randint(5000, 9999)} {rng.randint(1000, 9999)}",
                        email=f"{apellido.lower()[:3]}{rng.randint(1, 99)}@empresa-demo.cl",
                    )
                )
    if ctx.nacional:
        Empresa.objects.bulk_create(empresas, batch_size=1000)
    else:
        bulk_create_with_history(empresas, Empresa, batch_size=500)
        # bulk_create_with_history returns copies on SQLite; fetch the ids back by RUT.
        ids = dict(
            Empresa.objects.filter(rut__in=[e.rut for e in empresas]).values_list("rut", "pk")
        )
        for empresa in empresas:
            empresa.pk = ids[empresa.rut]
    for fila in [*necesidades, *contactos]:
        fila.empresa_id = fila.empresa.pk
    Necesidad.objects.bulk_create(necesidades, batch_size=2000)
    Contacto.objects.bulk_create(contactos, batch_size=2000)
    return empresas


def _visitas(ctx: Contexto, empresas: list, region: str, desde: date, n_pasadas: int, n_futuras):
    """Visits of one region: past ones with answers and outcomes, upcoming ones half answered."""
    rng = ctx.rng
    u = ctx.usuarios
    sufijo = f".{region}" if ctx.nacional else ""
    if ctx.nacional:
        ejecutivo = u[f"ejecutivo{sufijo}"]
    else:
        ejecutivo = u["ejecutivo"] if region == VALPARAISO else u["articuladora.biobio"]
    omil_usuarios = (
        {"05802": u.get("omil.limache"), "05109": u.get("omil.vina")}
        if region == VALPARAISO and not ctx.nacional
        else {}
    )
    representantes = {
        codigo: u.get(f"{codigo}{sufijo}" if ctx.nacional else codigo.split("-")[0])
        for codigo in ["senda", "senadis", "sernameg", "seremi-economia"]
    }
    if region != VALPARAISO and not ctx.nacional:
        representantes = dict.fromkeys(representantes)
    oficinas = {
        codigo: ctx.instituciones.get((codigo, region))
        for codigo in ["sence", "senda", "senadis", "sernameg", "seremi-economia"]
    }
    visitas, planes = [], []
    dias = max((ctx.hoy - desde).days, 1)
    fechas = sorted(
        [
            ("pasada", _dia_habil(desde + timedelta(days=rng.randrange(dias)), region))
            for _ in range(n_pasadas)
        ]
        + [
            ("futura", _dia_habil(ctx.hoy + timedelta(days=rng.randint(2, 40)), region))
            for _ in range(n_futuras)
        ]
    )
    futuras_senadis = 0
    visitadas: set[tuple[int, date]] = set()
    for tipo_fecha, dia in fechas:
        futura = tipo_fecha == "futura"
        if futura and futuras_senadis < 3 and (ctx.nacional or region == VALPARAISO):
            candidatas = [e for e in empresas if TipoNecesidad.DISCAPACIDAD in e._tipos]
            futuras_senadis += 1
        else:
            candidatas = empresas
        if futura and dia <= ctx.hoy + timedelta(days=1):
            dia = _dia_habil(ctx.hoy + timedelta(days=2), region)
        # One visit per company and day.
        empresa = rng.choice(candidatas)
        for _ in range(20):
            if (empresa.pk, dia) not in visitadas:
                break
            empresa = rng.choice(empresas)
        if (empresa.pk, dia) in visitadas:
            continue
        visitadas.add((empresa.pk, dia))
        inicio = _hora(rng, dia)
        omil = omil_usuarios.get(empresa.comuna_id)
        planificador = omil if omil and rng.random() < 0.4 else ejecutivo
        tipos = empresa._tipos
        pasada = not futura
        if pasada:
            estado = rng.choices(
                [VisitaEmpresa.Estado.REALIZADA, VisitaEmpresa.Estado.SUSPENDIDA, "sin_resultado"],
                weights=[86, 9, 5],
            )[0]
        else:
            estado = VisitaEmpresa.Estado.PLANIFICADA
        visita = VisitaEmpresa(
            empresa=empresa,
            inicio=inicio,
            duracion_minutos=rng.choice([60, 90, 90, 120]),
            objetivo="Visita conjunta para "
            + "; ".join(OBJETIVOS[t] for t in tipos if t in OBJETIVOS)
            + ".",
            estado=(VisitaEmpresa.Estado.PLANIFICADA if estado == "sin_resultado" else estado),
            planificada_por=planificador,
        )
        if estado == VisitaEmpresa.Estado.REALIZADA:
            vacantes = rng.choice([0, 2, 3, 5, 8, 10, 15])
            visita.vacantes_ofrecidas = vacantes
            visita.personas_derivadas = rng.randint(0, vacantes * 2) if vacantes else 0
            if TipoNecesidad.CAPACITACION in tipos:
                curso = rng.choice(CURSOS)
                personas = rng.choice([15, 20, 25])
                visita.capacitaciones_acordadas = (
                    f"Curso Más Capaz de {curso} para {personas} personas"
                )
            visita.resultado = rng.choice(
                [
                    "La empresa valoró la llegada conjunta de los servicios y ofreció vacantes.",
                    "Se revisaron los perfiles de cargo y se acordó la derivación desde la OMIL.",
                    "La gerencia pidió apoyo para adecuar puestos y recibir a personas derivadas.",
                ]
            )
        elif estado == VisitaEmpresa.Estado.SUSPENDIDA:
            visita.motivo_suspension = rng.choice(
                ["La empresa pidió postergar por auditoría", "Paro de transporte en la comuna"]
            )
        participantes = {p for p in [ejecutivo, omil, planificador] if p}
        invitadas = []
        for sugerencia in servicios_sugeridos(tipos):
            oficina = oficinas.get(sugerencia.servicio)
            if sugerencia.servicio == "sence" or oficina is None:
                continue
            invitadas.append(
                (sugerencia.servicio, oficina, f"{sugerencia.programa}. {sugerencia.motivo}.")
            )
        visitas.append(visita)
        planes.append((visita, participantes, invitadas, futura))
    VisitaEmpresa.objects.bulk_create(visitas, batch_size=1000)

    Participante = VisitaEmpresa.participantes.through
    participantes_filas, invitaciones, acuerdos = [], [], []
    for visita, participantes, invitadas, futura in planes:
        participantes_filas += [
            Participante(visitaempresa_id=visita.pk, usuario_id=p.pk) for p in participantes
        ]
        for indice, (codigo, oficina, motivo) in enumerate(invitadas):
            invitacion = InvitacionVisita(visita=visita, institucion=oficina, motivo=motivo)
            if futura and codigo == "senadis" and rng.random() < 0.7:
                pass  # leave pending: every `senadis` user has something to confirm
            elif not futura or rng.random() < 0.5:
                invitacion.estado = rng.choices(
                    [InvitacionVisita.Estado.CONFIRMADA, InvitacionVisita.Estado.RECHAZADA],
                    weights=[82, 18],
                )[0]
                invitacion.respondido_por = representantes.get(codigo)
                invitacion.respondido_at = min(
                    visita.inicio - timedelta(days=rng.randint(1, 4)), timezone.now()
                )
                invitacion.respondido_por_enlace = indice % 2 == 1
            invitaciones.append(invitacion)
        if visita.estado == VisitaEmpresa.Estado.REALIZADA:
            responsables = [("omil", ctx.instituciones.get(("omil", visita.empresa.comuna_id)))]
            responsables += [(c, o) for c, o, _ in invitadas]
            responsables.append(("sence", oficinas["sence"]))
            for codigo, institucion in rng.sample(responsables, k=min(len(responsables), 2)):
                if institucion is None:
                    continue
                limite = visita.inicio.date() + timedelta(days=rng.choice([15, 30, 45]))
                cumplido = limite < ctx.hoy and rng.random() < 0.75
                acuerdos.append(
                    AcuerdoVisita(
                        visita=visita,
                        texto=ACUERDOS[codigo],
                        institucion=institucion,
                        fecha_limite=limite,
                        estado=(
                            AcuerdoVisita.Estado.CUMPLIDO
                            if cumplido
                            else AcuerdoVisita.Estado.PENDIENTE
                        ),
                        cumplido_at=visita.inicio + timedelta(days=10) if cumplido else None,
                    )
                )
    Participante.objects.bulk_create(participantes_filas, batch_size=2000)
    InvitacionVisita.objects.bulk_create(invitaciones, batch_size=2000)
    AcuerdoVisita.objects.bulk_create(acuerdos, batch_size=2000)
    return len(visitas)


def _encuentros(ctx: Contexto, empresas: list) -> int:
    rng = ctx.rng
    i = ctx.instituciones
    creados = 0
    datos = [
        (
            "Encuentro Empresarial Marga Marga",
            ctx.hoy - timedelta(days=130),
            "Teatro Municipal de Limache",
            "05802",
            EncuentroEmpresarial.Estado.REALIZADO,
        ),
        (
            "Encuentro Empresarial Inclusivo Viña del Mar",
            ctx.hoy + timedelta(days=24),
            "Centro de Eventos Quinta Vergara",
            "05109",
            EncuentroEmpresarial.Estado.PROGRAMADO,
        ),
    ]
    for nombre, dia, lugar, comuna, estado in datos:
        encuentro = EncuentroEmpresarial.objects.create(
            nombre=nombre,
            inicio=timezone.make_aware(datetime.combine(_dia_habil(dia), time(9, 30))),
            lugar=lugar,
            region_id=VALPARAISO,
            comuna_id=comuna,
            descripcion="Encuentro de la Red de Empleadores: los servicios presentan su oferta "
            "de intermediación, capacitación e inclusión laboral a las empresas de la provincia.",
            estado=estado,
            creado_por=ctx.usuarios["articuladora"],
            vacantes_comprometidas=64 if estado == EncuentroEmpresarial.Estado.REALIZADO else None,
            personas_derivadas=41 if estado == EncuentroEmpresarial.Estado.REALIZADO else None,
            resultados=(
                "Asistieron empresas de comercio, servicios y agroindustria; 12 se sumaron a la "
                "Red de Empleadores y 4 comprometieron puestos inclusivos."
                if estado == EncuentroEmpresarial.Estado.REALIZADO
                else ""
            ),
        )
        encuentro.organizadores.set([i[("sence", VALPARAISO)], i[("omil", comuna)]])
        encuentro.servicios_presentes.set(
            [i[(c, VALPARAISO)] for c in ["senda", "senadis", "sernameg", "seremi-economia"]]
        )
        cercanas = [e for e in empresas if e.comuna_id in {comuna, "05801", "05804", "05101"}]
        invitadas = rng.sample(cercanas, k=min(28, len(cercanas)))
        filas = []
        for empresa in invitadas:
            if estado == EncuentroEmpresarial.Estado.REALIZADO:
                valor = rng.choices(["asistio", "no_asistio", "invitada"], weights=[65, 20, 15])[0]
            else:
                valor = rng.choices(["inscrita", "invitada"], weights=[55, 45])[0]
            filas.append(ParticipacionEncuentro(encuentro=encuentro, empresa=empresa, estado=valor))
        ParticipacionEncuentro.objects.bulk_create(filas)
        creados += 1
    return creados


def sembrar(ctx: Contexto) -> None:
    # Companies outlive users and institutions: never reuse a RUT already in the database.
    usados: set[str] = set(Empresa.objects.values_list("rut", flat=True))
    if ctx.nacional:
        comunas = list(Comuna.objects.filter(region_id__in=ctx.regiones).order_by("codigo"))
        cantidades = {c.codigo: 6 + ctx.rng.randint(0, 6) for c in comunas}
        empresas = _empresas(ctx, comunas, cantidades, usados)
        desde = ctx.hoy - timedelta(days=365 * ctx.anios)
        total = 0
        for region in ctx.regiones:
            propias = [e for e in empresas if e.comuna.region_id == region]
            total += _visitas(ctx, propias, region, desde, 60 * ctx.anios, 8)
        ctx.escribir(
            f"empresas: {len(empresas)} empresas, {total} visitas en {len(ctx.regiones)} regiones."
        )
        return
    comunas = list(Comuna.objects.filter(region_id__in=ctx.regiones).order_by("codigo"))
    cantidades = {
        c.codigo: PESO_COMUNA.get(c.codigo, 3) if c.region_id == VALPARAISO else 0 for c in comunas
    }
    for codigo in ["08101", "08110", "08301"]:  # a few in Biobío, for the other region's user
        cantidades[codigo] = 4
    empresas = _empresas(ctx, comunas, cantidades, usados)
    valparaiso = [e for e in empresas if e.comuna.region_id == VALPARAISO]
    biobio = [e for e in empresas if e.comuna.region_id != VALPARAISO]
    desde = ctx.hoy - timedelta(days=365)
    n = _visitas(ctx, valparaiso, VALPARAISO, desde, 84, 12)
    n += _visitas(ctx, biobio, "08", desde, 6, 1) if biobio else 0
    e = _encuentros(ctx, valparaiso)
    ctx.escribir(f"empresas: {len(empresas)} empresas, {n} visitas, {e} encuentros empresariales.")
