"""Every scoped read of the mesas app. Views fetch objects through these querysets so that
anything outside the user's scope answers 404."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from mesas.models import (
    DIAS_MINUTA_A_TIEMPO,
    Acuerdo,
    Asistencia,
    Integrante,
    Mesa,
    Minuta,
    Serie,
    Sesion,
)
from nucleo.alcance import Alcance, alcance_de
from nucleo.historial import Version, versiones
from nucleo.models import Institucion, Membresia, Programa, Rol


def _filtro_mesas(alcance: Alcance, prefijo: str = "") -> Q:
    """SENCE staff: the whole region; OMIL: its comuna's mesa; anyone: mesas their institution
    sits on (an OMIL in the regional mesa, a service in the mesas it belongs to)."""
    miembro = Integrante.objects.filter(
        activo=True, institucion_id__in=alcance.instituciones()
    ).values("mesa_id")
    return (
        Q(**{f"{prefijo}region_id__in": alcance.regiones_sence()})
        | Q(
            **{
                f"{prefijo}tipo": Mesa.Tipo.COMUNAL,
                f"{prefijo}comuna_id__in": alcance.comunas_omil(),
            }
        )
        | Q(**{f"{prefijo}pk__in": miembro})
    )


def mesas_visibles(usuario) -> QuerySet[Mesa]:
    alcance = alcance_de(usuario)
    if alcance.vacio:
        return Mesa.objects.none()
    return Mesa.objects.filter(_filtro_mesas(alcance)).select_related(
        "region", "comuna", "comuna__provincia", "coordinadora"
    )


def mesas_con_resumen(usuario) -> QuerySet[Mesa]:
    ahora = timezone.now()
    proxima = (
        Sesion.objects.filter(
            mesa=OuterRef("pk"), estado=Sesion.Estado.PROGRAMADA, inicio__gte=ahora
        )
        .order_by("inicio")
        .values("inicio")[:1]
    )
    ultima = (
        Sesion.objects.filter(mesa=OuterRef("pk"), estado=Sesion.Estado.REALIZADA)
        .order_by("-inicio")
        .values("inicio")[:1]
    )
    integrantes = (
        Integrante.objects.filter(mesa=OuterRef("pk"), activo=True)
        .order_by()
        .values("mesa")
        .annotate(n=Count("institucion", distinct=True))
        .values("n")
    )
    # One subquery per figure (each uses its index) instead of joining sessions × members.
    return (
        mesas_visibles(usuario)
        .annotate(
            proxima_sesion=Subquery(proxima),
            ultima_realizada=Subquery(ultima),
            n_integrantes=Coalesce(Subquery(integrantes), 0),
        )
        .order_by("region_id", "-tipo", "comuna__provincia_id", "comuna__nombre")
    )


def mesa_detalle(usuario) -> QuerySet[Mesa]:
    return mesas_visibles(usuario).prefetch_related(
        Prefetch(
            "integrantes",
            queryset=Integrante.objects.filter(activo=True).select_related(
                "institucion", "institucion__servicio", "persona"
            ),
        )
    )


def sesiones_visibles(usuario) -> QuerySet[Sesion]:
    alcance = alcance_de(usuario)
    if alcance.vacio:
        return Sesion.objects.none()
    return Sesion.objects.filter(_filtro_mesas(alcance, "mesa__")).select_related(
        "mesa", "mesa__region", "mesa__comuna", "mesa__coordinadora", "serie"
    )


def sesion_detalle(usuario) -> QuerySet[Sesion]:
    return sesiones_visibles(usuario).prefetch_related(
        "puntos",
        Prefetch("programas_presentados", queryset=Programa.objects.select_related("servicio")),
        Prefetch(
            "asistencias",
            queryset=Asistencia.objects.select_related("institucion", "persona", "respondida_por"),
        ),
        # Every version, deleted ones included (one query): the page splits them.
        Prefetch(
            "minutas",
            queryset=Minuta.todas.select_related("subida_por", "eliminada_por").order_by("-numero"),
            to_attr="todas_las_minutas",
        ),
        Prefetch(
            "acuerdos",
            queryset=Acuerdo.objects.select_related(
                "institucion_responsable", "persona_responsable", "cumplido_por"
            ),
        ),
    )


def series_visibles(usuario) -> QuerySet[Serie]:
    alcance = alcance_de(usuario)
    return Serie.objects.filter(_filtro_mesas(alcance, "mesa__")).select_related("mesa")


def asistencias_visibles(usuario) -> QuerySet[Asistencia]:
    return Asistencia.objects.filter(
        sesion__in=sesiones_visibles(usuario).values("pk")
    ).select_related("sesion", "sesion__mesa", "institucion", "persona")


def minutas_visibles(usuario) -> QuerySet[Minuta]:
    return Minuta.objects.filter(sesion__in=sesiones_visibles(usuario).values("pk")).select_related(
        "sesion", "sesion__mesa", "subida_por"
    )


RELACIONES_ACUERDO = (
    "mesa",
    "sesion",
    "institucion_responsable",
    "persona_responsable",
    "cumplido_por",
)


def acuerdos_visibles(usuario) -> QuerySet[Acuerdo]:
    alcance = alcance_de(usuario)
    if alcance.vacio:
        return Acuerdo.objects.none()
    return Acuerdo.objects.filter(_filtro_mesas(alcance, "mesa__")).select_related(
        *RELACIONES_ACUERDO
    )


def acuerdos_de_mesas(mesa_ids: list[int]) -> QuerySet[Acuerdo]:
    """The agreements of these mesas, which the caller took from `mesas_visibles`; the list
    joins `RELACIONES_ACUERDO` on the page's rows only."""
    return Acuerdo.objects.filter(mesa_id__in=mesa_ids)


def acuerdos_abiertos_previos(sesion: Sesion) -> QuerySet[Acuerdo]:
    """Open agreements of earlier sessions of the same mesa: listed on this session's agenda."""
    return (
        Acuerdo.objects.filter(
            mesa_id=sesion.mesa_id, estado__in=Acuerdo.ABIERTOS, sesion__inicio__lt=sesion.inicio
        )
        .select_related("institucion_responsable", "persona_responsable", "sesion")
        .order_by("fecha_limite", "pk")
    )


def minutas_eliminadas_visibles(usuario) -> QuerySet[Minuta]:
    return Minuta.todas.filter(
        eliminada_at__isnull=False, sesion__in=sesiones_visibles(usuario).values("pk")
    ).select_related("sesion", "sesion__mesa", "subida_por", "eliminada_por")


def minuta_vigente(sesion: Sesion) -> Minuta | None:
    return sesion.minutas.order_by("-numero").first()


def historial_de_minutas(sesion: Sesion, *, con_eliminadas: bool) -> list[Version]:
    """Every record of the session's minutes, each version against its own previous record;
    versions deleted now only for those who may restore them (as on the session page)."""
    minutas = (Minuta.todas if con_eliminadas else Minuta.objects).filter(sesion=sesion)
    return versiones(
        Minuta.history.filter(id__in=minutas.values("pk")),
        excluidos=("sesion", "numero", "tamano", "content_type"),
        archivos={"archivo": "nombre_original"},
        titulo=lambda registro: f"Versión {registro.numero} de la minuta",
    )


def historial_de_acuerdo(acuerdo: Acuerdo) -> list[Version]:
    return versiones(
        acuerdo.history.all(),
        excluidos=("mesa", "sesion", "created_by"),
    )


def instituciones_para_mesa(mesa: Mesa) -> QuerySet[Institucion]:
    """Institutions that can sit on `mesa`: active offices and OMILs of its region."""
    return (
        Institucion.objects.filter(region_id=mesa.region_id, activa=True)
        .select_related("servicio", "comuna")
        .order_by("tipo", "nombre")
    )


def personas_de_instituciones(ids) -> QuerySet[Membresia]:
    return (
        Membresia.objects.filter(institucion_id__in=ids, activa=True, usuario__is_active=True)
        .select_related("usuario", "institucion")
        .order_by("institucion__nombre", "usuario__first_name")
    )


def coordinadores_de(mesa: Mesa) -> list:
    """People to remind about a mesa's duties: its coordinating OMIL's staff, or for SENCE the
    region's articulators."""
    roles = (
        [Rol.ENCARGADO_OMIL, Rol.GESTOR_TERRITORIAL]
        if mesa.coordinadora.es_omil
        else [Rol.ARTICULADOR]
    )
    return [
        m.usuario
        for m in Membresia.objects.filter(
            institucion_id=mesa.coordinadora_id, rol__in=roles, activa=True, usuario__is_active=True
        ).select_related("usuario")
    ]


# --- Attendance over time ------------------------------------------------------------------------
@dataclass
class FilaAsistencia:
    institucion: Institucion
    celdas: list[str | None] = field(default_factory=list)  # estado per session, None = not invited
    asistio: int = 0
    invitada: int = 0

    @property
    def porcentaje(self) -> int | None:
        return round(100 * self.asistio / self.invitada) if self.invitada else None


def asistencia_por_institucion(
    mesa: Mesa, *, ultimas: int = 12
) -> tuple[list[Sesion], list[FilaAsistencia]]:
    """Held sessions (latest `ultimas`) x institutions: did the institution attend?

    An institution attended a session if any of its invitees attended.
    """
    sesiones = list(
        mesa.sesiones.filter(estado=Sesion.Estado.REALIZADA).order_by("-inicio")[:ultimas]
    )[::-1]
    orden = {s.pk: i for i, s in enumerate(sesiones)}
    filas: dict[int, FilaAsistencia] = {}
    prioridad = {"asistio": 3, "justificada": 2, "ausente": 1}
    for a in Asistencia.objects.filter(sesion__in=sesiones).select_related("institucion"):
        fila = filas.setdefault(
            a.institucion_id, FilaAsistencia(a.institucion, [None] * len(sesiones))
        )
        i = orden[a.sesion_id]
        actual = fila.celdas[i]
        if actual is None or prioridad.get(a.estado, 0) > prioridad.get(actual, 0):
            fila.celdas[i] = a.estado
    for fila in filas.values():
        fila.invitada = sum(1 for c in fila.celdas if c is not None)
        fila.asistio = sum(1 for c in fila.celdas if c == "asistio")
    return sesiones, sorted(filas.values(), key=lambda f: f.institucion.nombre)


# --- Regional overview ---------------------------------------------------------------------------
def inicio_semestre(hoy: date) -> date:
    return date(hoy.year, 1 if hoy.month <= 6 else 7, 1)


@dataclass
class FilaPanorama:
    mesa: Mesa
    ultima_sesion: datetime | None
    proxima_sesion: datetime | None
    sesiones_semestre: int
    minutas_a_tiempo: int
    minutas_esperadas: int
    minutas_faltantes: int
    acuerdos_abiertos: int
    acuerdos_vencidos: int
    motivos: list[str] = field(default_factory=list)

    @property
    def nivel(self) -> str:
        """ "ok", "atencion" or "atrasada": shown with colour *and* the text of `etiqueta`."""
        if not self.motivos:
            return "ok"
        return "atrasada" if len(self.motivos) >= 2 or self.acuerdos_vencidos > 2 else "atencion"

    @property
    def clase_badge(self) -> str:
        return {
            "ok": "text-bg-success",
            "atencion": "text-bg-warning",
            "atrasada": "text-bg-danger",
        }[self.nivel]

    @property
    def clase_fila(self) -> str:
        return {"ok": "", "atencion": "table-warning", "atrasada": "table-danger"}[self.nivel]

    @property
    def etiqueta(self) -> str:
        return {"ok": "Al día", "atencion": "Requiere atención", "atrasada": "Atrasada"}[self.nivel]


def panorama_regional(region_id: str, *, ahora: datetime | None = None) -> list[FilaPanorama]:
    """Every communal mesa of the region with how it keeps up (DESIGN: communal -> regional)."""
    ahora = ahora or timezone.now()
    hoy = timezone.localdate(ahora)
    desde_semestre = timezone.make_aware(
        datetime.combine(inicio_semestre(hoy), datetime.min.time())
    )
    sesiones = Sesion.objects.filter(mesa=OuterRef("pk"))
    mesas = list(
        Mesa.objects.filter(region_id=region_id, tipo=Mesa.Tipo.COMUNAL, activa=True)
        .select_related("comuna", "comuna__provincia", "coordinadora")
        .annotate(
            # Subqueries, each on the (mesa, inicio) index, not a join of every session.
            ultima=Subquery(
                sesiones.filter(estado="realizada").order_by("-inicio").values("inicio")[:1]
            ),
            proxima=Subquery(
                sesiones.filter(estado="programada", inicio__gte=ahora)
                .order_by("inicio")
                .values("inicio")[:1]
            ),
            semestre=Coalesce(
                Subquery(
                    sesiones.filter(estado="realizada", inicio__gte=desde_semestre)
                    .order_by()
                    .values("mesa")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
        )
        .order_by("comuna__provincia_id", "comuna__nombre")
    )
    acuerdos = defaultdict(lambda: {"pendiente": 0, "vencido": 0})
    for fila in (
        Acuerdo.objects.filter(mesa__in=mesas, estado__in=Acuerdo.ABIERTOS)
        .values("mesa_id", "estado")
        .annotate(n=Count("pk"))
    ):
        acuerdos[fila["mesa_id"]][fila["estado"]] = fila["n"]
    # Held sessions of the semester and when their first minute arrived.
    realizadas = (
        Sesion.objects.filter(mesa__in=mesas, estado="realizada", inicio__gte=desde_semestre)
        .annotate(
            primera_minuta=Min("minutas__created_at", filter=Q(minutas__eliminada_at__isnull=True))
        )
        .values("mesa_id", "fin", "primera_minuta")
    )
    minutas = defaultdict(lambda: [0, 0, 0])  # on time, expected, missing (past the deadline)
    plazo = timedelta(days=DIAS_MINUTA_A_TIEMPO)
    for s in realizadas:
        vence = s["fin"] + plazo
        if s["primera_minuta"] is None and vence > ahora:
            continue  # still within the deadline: not yet expected
        m = minutas[s["mesa_id"]]
        m[1] += 1
        if s["primera_minuta"] is not None and s["primera_minuta"] <= vence:
            m[0] += 1
        if s["primera_minuta"] is None:
            m[2] += 1
    filas = []
    for mesa in mesas:
        a_tiempo, esperadas, faltantes = minutas[mesa.pk]
        fila = FilaPanorama(
            mesa=mesa,
            ultima_sesion=mesa.ultima,
            proxima_sesion=mesa.proxima,
            sesiones_semestre=mesa.semestre,
            minutas_a_tiempo=a_tiempo,
            minutas_esperadas=esperadas,
            minutas_faltantes=faltantes,
            acuerdos_abiertos=acuerdos[mesa.pk]["pendiente"] + acuerdos[mesa.pk]["vencido"],
            acuerdos_vencidos=acuerdos[mesa.pk]["vencido"],
        )
        if mesa.ultima is None or mesa.ultima < ahora - timedelta(days=45):
            fila.motivos.append("Sin sesiones realizadas en los últimos 45 días")
        if faltantes:
            fila.motivos.append(f"{faltantes} minuta{'s' if faltantes > 1 else ''} sin subir")
        elif esperadas and a_tiempo < esperadas:
            fila.motivos.append("Minutas subidas fuera de plazo")
        if fila.acuerdos_vencidos:
            n = fila.acuerdos_vencidos
            fila.motivos.append(f"{n} acuerdo{'s' if n > 1 else ''} vencido{'s' if n > 1 else ''}")
        filas.append(fila)
    return filas


def panoramas(regiones: list[str]) -> list[tuple[list[FilaPanorama], list]]:
    """`panorama_regional` and `comunas_sin_mesa` of each region. They are the same for everyone
    who sees the region, so they are kept in the cache until our data changes
    (nucleo.cache.memo): the panorama page and the home panel share them."""
    from nucleo.cache import memo

    return memo(
        [
            ("mesas:panorama", (r,), lambda r=r: (panorama_regional(r), list(comunas_sin_mesa(r))))
            for r in regiones
        ]
    )


def comunas_sin_mesa(region_id: str):
    from nucleo.models import Comuna

    return (
        Comuna.objects.filter(region_id=region_id)
        .exclude(mesas__tipo=Mesa.Tipo.COMUNAL)
        .select_related("provincia")
        .order_by("provincia_id", "nombre")
    )


# --- Home page and calendar ----------------------------------------------------------------------
def proximas_sesiones(usuario, *, limite: int = 5) -> list[Sesion]:
    return list(
        sesiones_visibles(usuario)
        .filter(inicio__gte=timezone.now(), estado=Sesion.Estado.PROGRAMADA)
        .order_by("inicio")[:limite]
    )


def invitaciones_pendientes(usuario, *, dias: int = 30) -> QuerySet[Asistencia]:
    """The user's own unanswered invitations to sessions of the next `dias` days."""
    alcance = alcance_de(usuario)
    ahora = timezone.now()
    return (
        Asistencia.objects.filter(
            Q(persona=usuario)
            | Q(persona__isnull=True, institucion_id__in=alcance.instituciones()),
            estado=Asistencia.Estado.INVITADA,
            sesion__estado=Sesion.Estado.PROGRAMADA,
            sesion__inicio__gte=ahora,
            sesion__inicio__lte=ahora + timedelta(days=dias),
        )
        .select_related("sesion", "sesion__mesa", "institucion")
        .order_by("sesion__inicio")
    )


def mi_asistencia(usuario, sesion: Sesion) -> Asistencia | None:
    for a in sesion.asistencias.all():
        if a.persona_id == usuario.pk:
            return a
    return None


def sesiones_sin_minuta_para_recordar(*, ahora: datetime) -> QuerySet[Sesion]:
    return (
        Sesion.objects.filter(
            estado=Sesion.Estado.REALIZADA,
            fin__lte=ahora - timedelta(days=3),
            fin__gte=ahora - timedelta(days=30),
            recordatorio_minuta_at__isnull=True,
        )
        .exclude(Exists(Minuta.objects.filter(sesion=OuterRef("pk"))))
        .select_related("mesa", "mesa__coordinadora")
    )


def asistencias_para_recordar(*, ahora: datetime) -> QuerySet[Asistencia]:
    return Asistencia.objects.filter(
        estado=Asistencia.Estado.INVITADA,
        recordatorio_enviado_at__isnull=True,
        sesion__estado=Sesion.Estado.PROGRAMADA,
        sesion__inicio__gt=ahora,
        sesion__inicio__lte=ahora + timedelta(hours=48),
    ).exclude(email="")


def texto_inicial_minuta(sesion: Sesion) -> str:
    """A draft of the minutes from the session's own data: attendance, agenda, agreements."""
    inicio = timezone.localtime(sesion.inicio)
    fin = timezone.localtime(sesion.fin)
    lineas = [
        f"MINUTA — {sesion.mesa.nombre}",
        f"{sesion.nombre} del {inicio:%d-%m-%Y}, de {inicio:%H:%M} a {fin:%H:%M}",
    ]
    if sesion.lugar:
        lineas.append(f"Lugar: {sesion.lugar}")
    if sesion.enlace_video:
        lineas.append(f"Videoconferencia: {sesion.enlace_video}")
    asistencias = list(sesion.asistencias.select_related("institucion", "persona"))
    grupos = [
        ("Asistieron", {"asistio"}),
        ("Ausencias justificadas", {"justificada", "rechazada"}),
        ("Ausentes", {"ausente"}),
        ("Sin registro de asistencia", {"invitada", "confirmada"}),
    ]
    lineas += ["", "ASISTENCIA"]
    for titulo, estados in grupos:
        quienes = [a for a in asistencias if a.estado in estados]
        if quienes:
            lineas.append(f"{titulo}:")
            lineas += [
                f"- {a.institucion}" + (f" ({a.persona})" if a.persona_id else "") for a in quienes
            ]
    lineas += ["", "TABLA"]
    puntos = list(sesion.puntos.all())
    lineas += [f"{i}. {p.titulo}" for i, p in enumerate(puntos, start=1)] or ["(sin temas)"]
    previos = list(acuerdos_abiertos_previos(sesion))
    if previos:
        lineas += ["", "SEGUIMIENTO DE ACUERDOS ANTERIORES"]
        lineas += [
            f"- {a.texto} — {a.institucion_responsable} — plazo {a.fecha_limite:%d-%m-%Y} "
            f"({a.get_estado_display().lower()})"
            for a in previos
        ]
    lineas += ["", "DESARROLLO", "(Resuma aquí lo conversado en cada tema.)", "", "ACUERDOS"]
    acuerdos = list(
        sesion.acuerdos.select_related("institucion_responsable", "persona_responsable")
    )
    lineas += [
        f"{i}. {a.texto} — Responsable: {a.institucion_responsable}"
        + (f" ({a.persona_responsable})" if a.persona_responsable_id else "")
        + f" — Plazo: {a.fecha_limite:%d-%m-%Y}"
        for i, a in enumerate(acuerdos, start=1)
    ] or ["(sin acuerdos registrados)"]
    return "\n".join(lineas)
