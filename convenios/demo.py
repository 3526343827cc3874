"""Demo data of the convenios app (DESIGN §6): SENCE Valparaíso's collaboration convenios with
SENDA, SENADIS and SERNAMEG (plus an addendum), and the technical-support agreement with SEREMI
de Economía, with obligations and resources; the SENDA one expires within 90 days and its
90-day warning already went out. --national: the same set for every region, bulk inserts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from convenios.models import AlertaConvenio, Convenio, ObligacionConvenio
from nucleo.demo import Contexto

C = Convenio.Tipo

# (servicio, tipo, título, días hasta el término (demo), años de vigencia, recursos,
#  renovación automática (meses o None), obligaciones de SENCE, obligaciones de la contraparte)
CONVENIOS = [
    (
        "senda",
        C.COLABORACION,
        "Convenio de colaboración SENCE–SENDA para la inclusión laboral de personas en "
        "recuperación",
        60,
        2,
        18_500_000,
        None,
        [
            "Reservar cupos en cursos Más Capaz para personas derivadas por Previene.",
            "Capacitar a los equipos Previene en la Bolsa Nacional de Empleo.",
        ],
        [
            "Derivar a la OMIL a personas en tratamiento con ficha de derivación.",
            "Acompañar a las personas durante el curso y la colocación.",
        ],
    ),
    (
        "senadis",
        C.COLABORACION,
        "Convenio de colaboración SENCE–SENADIS para la intermediación laboral inclusiva",
        420,
        3,
        24_000_000,
        12,
        [
            "Financiar cursos de capacitación accesibles para personas con discapacidad.",
            "Promover la Ley 21.015 en las visitas a empresas de la Red de Empleadores.",
        ],
        [
            "Asesorar a las OMIL en ajustes razonables y en la EDLI.",
            "Informar trimestralmente las colocaciones de personas con discapacidad.",
        ],
    ),
    (
        "sernameg",
        C.COLABORACION,
        "Convenio de colaboración SENCE–SERNAMEG programa Mujeres Jefas de Hogar",
        540,
        3,
        32_000_000,
        None,
        [
            "Priorizar a participantes de Mujeres Jefas de Hogar en cursos Más Capaz.",
            "Organizar una feria laboral anual para mujeres con la Red de Empleadores.",
        ],
        [
            "Convocar y preseleccionar a las participantes en cada comuna.",
            "Entregar apoyo en cuidado infantil durante los cursos.",
        ],
    ),
    (
        "seremi-economia",
        C.APOYO_TECNICO,
        "Acuerdo de apoyo técnico SENCE–SEREMI de Economía para emprendimiento",
        300,
        2,
        6_000_000,
        None,
        [
            "Facilitar salas y convocatoria de emprendedores derivados por las OMIL.",
        ],
        [
            "Asesorar técnicamente a emprendedores en formalización y acceso a fondos.",
            "Participar en los encuentros empresariales de la región.",
        ],
    ),
]


def _resolucion(ctx: Contexto, firma: date) -> tuple[str, date]:
    return f"{ctx.rng.randint(100, 2999)}", firma + timedelta(days=ctx.rng.randint(5, 25))


def sembrar(ctx: Contexto) -> None:
    convenios: list[Convenio] = []
    partes: list[tuple[Convenio, object]] = []
    obligaciones: list[tuple[int, object, str]] = []
    for region in ctx.regiones:
        sence = ctx.instituciones.get(("sence", region))
        if sence is None:
            continue
        autor = ctx.usuarios.get("articuladora" if region == "05" else f"articulador.{region}")
        for (
            servicio,
            tipo,
            titulo,
            dias,
            anios,
            recursos,
            renovacion,
            de_sence,
            de_otro,
        ) in CONVENIOS:
            contraparte = ctx.instituciones.get((servicio, region))
            if contraparte is None:
                continue
            variacion = 0 if region == "05" else ctx.rng.randint(-40, 300)
            termino = ctx.hoy + timedelta(days=dias + variacion)
            inicio = termino - timedelta(days=365 * anios - 1)
            firma = inicio - timedelta(days=ctx.rng.randint(10, 40))
            numero, fecha_res = _resolucion(ctx, firma)
            convenio = Convenio(
                oficina_sence=sence,
                nombre=f"{titulo} ({sence.region.nombre_corto})" if region != "05" else titulo,
                tipo=tipo,
                objeto=f"Coordinar la oferta de SENCE y {contraparte.servicio.sigla} para "
                "mejorar la empleabilidad de las personas que atienden ambos servicios.",
                resolucion_numero=numero,
                resolucion_fecha=min(fecha_res, inicio),
                fecha_firma=firma,
                fecha_inicio=inicio,
                fecha_termino=termino,
                renovacion_automatica=renovacion is not None,
                renovacion_meses=renovacion,
                estado=Convenio.Estado.FIRMADO,
                recursos_comprometidos=recursos,
                creado_por=autor,
                actualizado_por=autor,
            )
            convenios.append(convenio)
            partes.append((convenio, contraparte))
            for texto in de_sence:
                obligaciones.append((len(convenios) - 1, sence, texto))
            for texto in de_otro:
                obligaciones.append((len(convenios) - 1, contraparte, texto))
    if ctx.nacional:
        bulk_create_with_history(convenios, Convenio, batch_size=500)
    else:
        for convenio in convenios:
            convenio._change_reason = "Registro del convenio"
            convenio._history_user = convenio.creado_por
            convenio.save()
    ids = dict(
        Convenio.objects.filter(oficina_sence__region_id__in=ctx.regiones).values_list(
            "nombre", "pk"
        )
    )
    for convenio in convenios:
        convenio.pk = ids[convenio.nombre]
    Through = Convenio.instituciones.through
    Through.objects.bulk_create(
        [Through(convenio_id=c.pk, institucion_id=i.pk) for c, i in partes], batch_size=5000
    )
    ObligacionConvenio.objects.bulk_create(
        [
            ObligacionConvenio(convenio=convenios[i], parte=parte, descripcion=texto, orden=orden)
            for orden, (i, parte, texto) in enumerate(obligaciones, start=1)
        ],
        batch_size=5000,
    )
    _addendum_y_alertas(ctx, convenios)
    ctx.escribir(f"convenios: {Convenio.objects.count()} convenios con sus obligaciones.")


def _addendum_y_alertas(ctx: Contexto, convenios: list[Convenio]) -> None:
    sence = ctx.instituciones[("sence", "05")]
    sernameg = ctx.instituciones[("sernameg", "05")]
    padre = next(c for c in convenios if c.oficina_sence_id == sence.pk and "SERNAMEG" in c.nombre)
    addendum = Convenio(
        oficina_sence=sence,
        nombre="Addendum N° 1 al convenio SENCE–SERNAMEG: ampliación a Viña del Mar y Quilpué",
        tipo=Convenio.Tipo.ADDENDUM,
        convenio_padre=padre,
        objeto="Amplía la cobertura del convenio a dos comunas y aumenta los recursos.",
        resolucion_numero="1874",
        resolucion_fecha=ctx.hoy - timedelta(days=120),
        fecha_firma=ctx.hoy - timedelta(days=130),
        fecha_inicio=ctx.hoy - timedelta(days=110),
        fecha_termino=padre.fecha_termino,
        estado=Convenio.Estado.FIRMADO,
        recursos_comprometidos=8_000_000,
        creado_por=ctx.usuarios["articuladora"],
    )
    addendum.save()
    addendum.instituciones.set([sernameg])
    ObligacionConvenio.objects.create(
        convenio=addendum, parte=sence, descripcion="Financiar 40 cupos adicionales Más Capaz."
    )
    # A convenio in preparation (no dates yet) to show that state.
    preparacion = Convenio(
        oficina_sence=sence,
        nombre="Convenio de colaboración SENCE–SENADIS–SENDA para ferias laborales inclusivas",
        tipo=Convenio.Tipo.COLABORACION,
        estado=Convenio.Estado.EN_PREPARACION,
        recursos_comprometidos=5_000_000,
        creado_por=ctx.usuarios["articuladora"],
    )
    preparacion.save()
    preparacion.instituciones.set(
        [ctx.instituciones[("senadis", "05")], ctx.instituciones[("senda", "05")]]
    )
    # The warnings already due went out when they were due: the daily task sends no repeats.
    hoy = ctx.hoy
    alertas = []
    for convenio in convenios:
        restantes = (convenio.fecha_termino - hoy).days
        for dias in (90, 30):
            if 0 <= restantes <= dias and (dias == 30 or restantes > 30):
                enviada = timezone.make_aware(
                    datetime.combine(convenio.fecha_termino - timedelta(days=dias), time(8, 0))
                )
                alertas.append(
                    AlertaConvenio(
                        convenio=convenio,
                        dias=dias,
                        fecha_termino=convenio.fecha_termino,
                        enviada_at=enviada,
                        destinatarios="articuladora@demo.gob.cl"
                        if convenio.oficina_sence_id == sence.pk
                        else "",
                    )
                )
    AlertaConvenio.objects.bulk_create(alertas, ignore_conflicts=True)
